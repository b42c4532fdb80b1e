package dev.vpsguard.server.notify.mail;

import dev.vpsguard.server.notify.Evidence;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.TextFormats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evidence of a notification as a customer reads it: one labelled line per measurement, in
 * their language, with its unit, instead of the detector's keys ({@code consecutiveWindows}, {@code
 * score}...). Pure. Keys other templates show elsewhere (the window's length, a throttle's cap and
 * lift delay) are left out; a key this class does not know is shown under its own name rather than
 * hidden.
 */
final class EvidenceLines {
    /** Shown outside the list by the templates, or folded into another line. */
    private static final Set<String> ELSEWHERE =
            Set.of(
                    Evidence.WINDOW_SECONDS,
                    Evidence.CAP,
                    Evidence.LIFT_AFTER_SECONDS,
                    Evidence.LIMIT);

    /** In the order a person reads them: what was sent, where, how it went, then why it acts. */
    private static final List<String> ORDER =
            List.of(
                    Evidence.CONNECTIONS_PER_MINUTE,
                    Evidence.NEW_CONNECTIONS_10_MIN,
                    Evidence.DISTINCT_DESTINATIONS,
                    Evidence.DISTINCT_PREFIXES,
                    Evidence.FAILURE_RATIO,
                    Evidence.BASELINE_PER_MINUTE,
                    Evidence.THRESHOLD_MULTIPLIER,
                    Evidence.CONSECUTIVE_WINDOWS,
                    Evidence.SCORE,
                    Evidence.OBSERVED,
                    Evidence.HOST_CPU_PERCENT);

    private EvidenceLines() {}

    /**
     * @param quotaLabel the resource quota's name ("" for SMTP events)
     * @param unit the unit of {@code observed} and {@code limit} ("" for SMTP events)
     * @return lines of {@code label}, {@code value} and {@code note} (what follows the value, e.g.
     *     the limit; often empty)
     */
    static List<Map<String, String>> of(
            Map<String, Number> e, Language lang, TextFormats fmt, String quotaLabel, String unit) {
        boolean fr = lang == Language.FR;
        List<Map<String, String>> out = new ArrayList<>();
        for (String key : ORDER) {
            Number v = e.get(key);
            String label = null;
            String value = null;
            String note = "";
            switch (key) {
                case Evidence.CONNECTIONS_PER_MINUTE -> {
                    label =
                            fr
                                    ? "connexions ouvertes vers d'autres serveurs de messagerie"
                                            + " (port 25)"
                                    : "connections opened to other mail servers (port 25)";
                    value = v == null ? null : perMinute(v, fr, fmt);
                }
                case Evidence.NEW_CONNECTIONS_10_MIN -> {
                    label =
                            fr
                                    ? "connexions ouvertes sur les 10 dernières minutes"
                                    : "connections opened over the last 10 minutes";
                    value = v == null ? null : fmt.number(v);
                }
                case Evidence.DISTINCT_DESTINATIONS -> {
                    label =
                            fr
                                    ? "serveurs de messagerie différents contactés"
                                    : "different mail servers contacted";
                    value = v == null ? null : fmt.number(v);
                }
                case Evidence.DISTINCT_PREFIXES -> {
                    label =
                            fr
                                    ? "réseaux différents auxquels ces serveurs appartiennent"
                                    : "different networks these servers belong to";
                    value = v == null ? null : fmt.number(v);
                }
                case Evidence.FAILURE_RATIO -> {
                    label =
                            fr
                                    ? "tentatives de connexion refusées ou restées sans réponse"
                                    : "connection attempts refused or left unanswered";
                    value = v == null ? null : fmt.percent(v);
                }
                case Evidence.BASELINE_PER_MINUTE -> {
                    label =
                            fr
                                    ? "rythme habituel de votre serveur, appris sur son historique"
                                    : "your server's usual rate, learned from its history";
                    if (v != null && Double.isFinite(v.doubleValue())) {
                        value = perMinute(v, fr, fmt);
                    } else if (e.containsKey(Evidence.NEW_CONNECTIONS_10_MIN)) {
                        // An SMTP finding without a baseline: say so rather than leave it out.
                        value =
                                fr
                                        ? "pas encore connu (historique trop court)"
                                        : "not known yet (too little history)";
                    }
                }
                case Evidence.THRESHOLD_MULTIPLIER -> {
                    if (v != null && v.doubleValue() > 1) {
                        label = fr ? "expéditeur de courrier déclaré" : "declared mail sender";
                        value =
                                fr
                                        ? "oui : les limites de volume appliquées sont "
                                                + fmt.number(v)
                                                + " fois celles par défaut"
                                        : "yes: the volume limits applied are "
                                                + fmt.number(v)
                                                + " times the usual ones";
                    }
                }
                case Evidence.CONSECUTIVE_WINDOWS -> {
                    label =
                            fr
                                    ? "mesures successives au-delà d'une limite (une toutes les"
                                            + " quelques secondes)"
                                    : "measurements in a row over a limit (one every few seconds)";
                    value = v == null ? null : fmt.number(v);
                }
                case Evidence.SCORE -> {
                    label =
                            fr
                                    ? "mesure la plus éloignée de sa limite"
                                    : "the measurement furthest past its limit";
                    value =
                            v == null
                                    ? null
                                    : fmt.number(v) + (fr ? " fois la limite" : " times the limit");
                }
                case Evidence.OBSERVED -> {
                    label =
                            quotaLabel.isEmpty()
                                    ? (fr ? "valeur mesurée" : "measured value")
                                    : quotaLabel;
                    value = v == null ? null : fmt.number(v) + unit;
                    Number limit = e.get(Evidence.LIMIT);
                    if (limit != null) {
                        note = (fr ? " (limite : " : " (limit: ") + fmt.number(limit) + unit + ")";
                    }
                }
                case Evidence.HOST_CPU_PERCENT -> {
                    label =
                            fr
                                    ? "utilisation des processeurs de l'hôte, partagés par tous"
                                            + " ses serveurs"
                                    : "use of the host's processors, shared by every server on it";
                    value = v == null ? null : fmt.percent(v.doubleValue() / 100);
                }
                default -> throw new IllegalStateException("no wording for " + key);
            }
            if (label != null && value != null) {
                out.add(line(label, value, note));
            }
        }
        e.forEach(
                (k, v) -> {
                    if (!ORDER.contains(k) && !ELSEWHERE.contains(k)) {
                        out.add(line(k, fmt.number(v), ""));
                    }
                });
        return out;
    }

    private static String perMinute(Number v, boolean fr, TextFormats fmt) {
        return fmt.number(v) + (fr ? " par minute" : " per minute");
    }

    private static Map<String, String> line(String label, String value, String note) {
        return Map.of("label", label, "value", value, "note", note);
    }
}
