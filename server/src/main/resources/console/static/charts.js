// vpsguard console: the guest page's charts (uPlot, served by the server). Loaded by <script src>
// only (the CSP forbids inline scripts); the data comes from /console/guests/{id}/charts/*.
// The hour charts poll for new samples every 10 s (?since= the newest point held); the 30-day
// charts reload every 5 minutes, when a new rollup bucket may have closed.
(function () {
  'use strict';
  var HOUR_POLL_MS = 10000, MONTH_POLL_MS = 300000, HOUR_S = 3600;
  var COLORS = ['#1f5fa8', '#c0392b', '#2e8b57', '#8e44ad'];

  function units(kind) {
    if (kind === 'bytes' || kind === 'bps') {
      return function (v) {
        if (v == null) return '—';
        var u = ['B', 'KiB', 'MiB', 'GiB', 'TiB'], i = 0;
        while (Math.abs(v) >= 1024 && i < u.length - 1) { v /= 1024; i++; }
        return (Math.round(v * 10) / 10) + ' ' + u[i] + (kind === 'bps' ? '/s' : '');
      };
    }
    return function (v) { return v == null ? '—' : String(Math.round(v * 100) / 100); };
  }

  function columns(json, keys) {
    var t = json.t.map(function (o) { return json.t0 + o; });
    return [t].concat(keys.map(function (k) { return json[k] || []; }));
  }

  function makeChart(el, keys, data) {
    var labels = (el.getAttribute('data-labels') || '').split('|');
    var fmt = units(el.getAttribute('data-unit'));
    var series = [{}].concat(keys.map(function (k, i) {
      return { label: labels[i] || k, stroke: COLORS[i % COLORS.length], width: 1.5,
               value: function (u, v) { return fmt(v); } };
    }));
    var opts = {
      width: Math.max(280, el.clientWidth || 600), height: 180,
      series: series,
      axes: [{}, { size: 86, values: function (u, vals) { return vals.map(fmt); } }],
      scales: { y: { range: function (u, min, max) { return [0, max > 0 ? max : 1]; } } }
    };
    el.setAttribute('data-points', String(data[0].length));
    return new uPlot(opts, data, el);
  }

  function load(url) {
    return fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) {
        var type = r.headers.get('Content-Type') || '';
        // A lapsed session answers with the login page: stop rather than draw nonsense.
        if (!r.ok || type.indexOf('application/json') !== 0) throw new Error('chart data: ' + r.status);
        return r.json();
      });
  }

  function setup(section) {
    var base = section.getAttribute('data-charts');
    var span = section.getAttribute('data-span');
    var els = Array.prototype.slice.call(section.querySelectorAll('[data-keys]'));
    var charts = [], data = [];
    var empty = section.querySelector('.chart-empty');

    function draw(json) {
      els.forEach(function (el, i) {
        var keys = el.getAttribute('data-keys').split(',');
        data[i] = columns(json, keys);
        if (charts[i]) { charts[i].setData(data[i]); el.setAttribute('data-points', String(data[i][0].length)); }
        else charts[i] = makeChart(el, keys, data[i]);
      });
      if (empty) empty.hidden = json.t.length > 0;
    }

    function append(json) {
      if (!json.t.length) return;
      els.forEach(function (el, i) {
        var keys = el.getAttribute('data-keys').split(',');
        var add = columns(json, keys), cur = data[i];
        var newest = add[0][add[0].length - 1], keep = 0;
        while (keep < cur[0].length && cur[0][keep] < newest - HOUR_S) keep++;
        data[i] = cur.map(function (col, j) { return col.slice(keep).concat(add[j]); });
        charts[i].setData(data[i]);
        el.setAttribute('data-points', String(data[i][0].length));
      });
      if (empty) empty.hidden = true;
    }

    function newest() {
      var t = data[0] && data[0][0];
      return t && t.length ? t[t.length - 1] : null;
    }

    load(base + '/' + span).then(function (json) {
      draw(json);
      if (span === 'hour') {
        var timer = setInterval(function () {
          var since = newest();
          var url = base + '/hour' + (since == null ? '' : '?since=' + since);
          load(url).then(since == null ? draw : append).catch(function () { clearInterval(timer); });
        }, HOUR_POLL_MS);
      } else {
        var slow = setInterval(function () {
          load(base + '/' + span).then(draw).catch(function () { clearInterval(slow); });
        }, MONTH_POLL_MS);
      }
    }).catch(function () { section.setAttribute('data-error', 'true'); });

    window.addEventListener('resize', function () {
      charts.forEach(function (c, i) { c.setSize({ width: Math.max(280, els[i].clientWidth), height: 180 }); });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    if (typeof uPlot === 'undefined') return;
    document.querySelectorAll('[data-charts]').forEach(setup);
  });
})();
