// vpsguard console: served from the server, loaded by <script src> only (the CSP forbids inline
// scripts). Shows each <time> in the browser's own time zone and language.
document.addEventListener('DOMContentLoaded', localTimes);
document.addEventListener('htmx:afterSettle', localTimes);
function localTimes() {
  var lang = document.documentElement.lang || undefined;
  document.querySelectorAll('time[datetime]').forEach(function (el) {
    var d = new Date(el.getAttribute('datetime'));
    if (!isNaN(d)) {
      el.textContent = d.toLocaleString(lang);
      el.title = el.getAttribute('datetime');
    }
  });
}
// Forms that take times typed by the user say in which zone the browser is (see the audit log).
document.addEventListener('DOMContentLoaded', function () {
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  document.querySelectorAll('input[data-browser-tz]').forEach(function (el) {
    if (!el.value && zone) el.value = zone;
  });
});
