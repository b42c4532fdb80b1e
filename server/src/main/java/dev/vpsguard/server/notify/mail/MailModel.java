package dev.vpsguard.server.notify.mail;

import dev.vpsguard.server.notify.Evidence;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.TextFormats;
import dev.vpsguard.server.notify.link.UnblockLinkSigner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values a mail template sees, computed from a notification: formatted dates, durations and
 * evidence numbers in the tenant's language. Pure. The keys are documented for operators who write
 * their own templates (docs/notifications.md).
 */
public final class MailModel {
    /**
     * Strike from which unblock requests are refused when the notification does not say (clause S9;
     * the default policy's refusal rung).
     */
    static final int REFUSAL_STRIKE = 3;

    private static final Set<String> KNOWN_KEYS =
            Set.of(
                    Evidence.CONNECTIONS_PER_MINUTE,
                    Evidence.DISTINCT_DESTINATIONS,
                    Evidence.FAILURE_RATIO,
                    Evidence.WINDOW_SECONDS,
                    Evidence.OBSERVED,
                    Evidence.LIMIT,
                    Evidence.HOST_CPU_PERCENT,
                    Evidence.CAP,
                    Evidence.LIFT_AFTER_SECONDS);

    private MailModel() {}

    /** Builds the template values for {@code n}. */
    public static Map<String, Object> of(Notification n, TextFormats fmt, String supportAddress) {
        Map<String, Object> m = new HashMap<>();
        m.put("id", n.id().toString());
        m.put("type", n.type().wireName());
        m.put("occurredAt", fmt.date(n.occurredAt()));
        m.put("timeZone", fmt.zone().getId());
        m.put("hostName", n.host().name());
        // A monthly statement is about a tenant's month, not one guest.
        Notification.Guest g = n.guest() == null ? new Notification.Guest(0, "", null) : n.guest();
        m.put("guestName", g.name());
        m.put("vmid", g.vmid());
        m.put("ips", g.ips().isEmpty() ? "-" : String.join(", ", g.ips()));
        m.put("tenantId", n.tenant().id());
        m.put("strike", n.strike());
        m.put("nextStrike", n.strike() + 1);
        // The refusal rung of the guest's contract, carried by the block (S9).
        int refusal =
                n.block() != null && n.block().refusalStrike() > 0
                        ? n.block().refusalStrike()
                        : REFUSAL_STRIKE;
        boolean fr = n.tenant().language() == Language.FR;
        m.put("beforeRefusal", n.strike() > 0 && n.strike() < refusal);
        m.put("nextIsRefusal", n.strike() == refusal - 1);
        m.put("refusalStrike", refusal);
        m.put("refusalSuffix", ordinalSuffix(refusal, fr));
        m.put("refusalOrdinal", refusal + ordinalSuffix(refusal, fr));
        m.put("strikeSuffix", ordinalSuffix(n.strike(), fr));
        m.put("strikeOrdinal", n.strike() + ordinalSuffix(n.strike(), fr));
        m.put("supportAddress", supportAddress == null ? "" : supportAddress);
        m.put("action", n.action() == null ? "" : n.action());
        m.put("actionLabel", actionLabel(n.action(), n.tenant().language()));
        m.put("reason", n.reason() == null ? "" : n.reason());
        m.put("hasReason", n.reason() != null && !n.reason().isBlank());
        String link = n.links().get(UnblockLinkSigner.LINK_NAME);
        m.put("unblockLink", link == null ? "" : link);
        m.put("hasUnblockLink", link != null);
        putEvidence(m, n, fmt);
        putBlock(m, n, fmt);
        putQuota(m, n, fmt);
        List<Map<String, String>> lines =
                EvidenceLines.of(
                        n.evidence(),
                        n.tenant().language(),
                        fmt,
                        (String) m.get("quotaLabel"),
                        (String) m.get("unit"));
        m.put("evidenceLines", lines);
        m.put("hasEvidenceLines", !lines.isEmpty());
        m.put("declared", isDeclared(n));
        StatementModel.put(m, n, fmt);
        return m;
    }

    /** Whether the evidence says the guest is a declared sender (its thresholds were raised). */
    private static boolean isDeclared(Notification n) {
        Number m = n.evidence().get(Evidence.THRESHOLD_MULTIPLIER);
        return m != null && m.doubleValue() > 1;
    }

    /** The ordinal suffix of {@code n}: 1st, 2nd, 3rd, 11th; 1er, 2e. */
    static String ordinalSuffix(int n, boolean fr) {
        if (fr) {
            return n == 1 ? "er" : "e";
        }
        if (n % 100 >= 11 && n % 100 <= 13) {
            return "th";
        }
        return switch (n % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static void putEvidence(Map<String, Object> m, Notification n, TextFormats fmt) {
        Map<String, Number> e = n.evidence();
        putNumber(m, "connectionsPerMinute", e.get(Evidence.CONNECTIONS_PER_MINUTE), fmt);
        putNumber(m, "distinctDestinations", e.get(Evidence.DISTINCT_DESTINATIONS), fmt);
        putNumber(m, "observed", e.get(Evidence.OBSERVED), fmt);
        putNumber(m, "limit", e.get(Evidence.LIMIT), fmt);
        putNumber(m, "cap", e.get(Evidence.CAP), fmt);
        Number ratio = e.get(Evidence.FAILURE_RATIO);
        m.put("hasFailureRatio", ratio != null);
        m.put("failurePercent", ratio == null ? "" : fmt.percent(ratio));
        Number window = e.get(Evidence.WINDOW_SECONDS);
        m.put("hasWindow", window != null);
        m.put("window", window == null ? "" : fmt.duration(Duration.ofSeconds(window.longValue())));
        Number hostCpu = e.get(Evidence.HOST_CPU_PERCENT);
        m.put("hasHostCpuPercent", hostCpu != null);
        m.put("hostCpuPercent", hostCpu == null ? "" : fmt.percent(hostCpu.doubleValue() / 100));
        Number liftAfter = e.get(Evidence.LIFT_AFTER_SECONDS);
        m.put("hasLiftAfter", liftAfter != null);
        m.put(
                "liftAfter",
                liftAfter == null ? "" : fmt.duration(Duration.ofSeconds(liftAfter.longValue())));
        List<Map<String, String>> other = new ArrayList<>();
        e.forEach(
                (k, v) -> {
                    if (!KNOWN_KEYS.contains(k)) {
                        other.add(Map.of("key", k, "value", fmt.number(v)));
                    }
                });
        m.put("otherEvidence", other);
    }

    private static void putNumber(Map<String, Object> m, String key, Number v, TextFormats fmt) {
        String has = "has" + Character.toUpperCase(key.charAt(0)) + key.substring(1);
        m.put(has, v != null);
        m.put(key, v == null ? "" : fmt.number(v));
    }

    private static void putBlock(Map<String, Object> m, Notification n, TextFormats fmt) {
        Notification.Block b = n.block();
        m.put("hasBlock", b != null);
        m.put("blockId", b == null ? "" : b.id());
        m.put("blockStartedAt", b == null ? "" : fmt.date(b.startedAt()));
        m.put("minimumUntil", b == null ? "" : fmt.date(b.minimumUntil()));
        m.put(
                "minimumDuration",
                b == null ? "" : fmt.duration(Duration.between(b.startedAt(), b.minimumUntil())));
        m.put("requestsRefused", b != null && b.refusesRequests());
        m.put("requestsAllowed", b != null && !b.refusesRequests());
        String clause = b != null && b.clause() != null ? b.clause() : n.clause();
        m.put("clause", clause == null ? "powerpos Article 8" : clause);
    }

    /** The resource quota of a resource event: its name and the unit of observed and limit. */
    private static void putQuota(Map<String, Object> m, Notification n, TextFormats fmt) {
        boolean fr = n.tenant().language() == Language.FR;
        String q = n.quota();
        String label;
        String unit;
        if (q == null) {
            label = "";
            unit = "";
        } else {
            switch (q) {
                case "cpu" -> {
                    label =
                            fr
                                    ? "utilisation processeur, en part des vCPU de votre serveur"
                                    : "CPU use, as a share of your server's vCPUs";
                    unit = fr ? "\u00a0%" : "%";
                }
                case "disk_bytes" -> {
                    label = fr ? "lectures et écritures disque" : "disk reads and writes";
                    unit = fr ? " Mio/s" : " MiB/s";
                }
                case "disk_iops" -> {
                    label = fr ? "opérations disque" : "disk operations";
                    unit = fr ? " opérations/s" : " operations/s";
                }
                case "egress" -> {
                    label = fr ? "trafic sortant" : "outbound traffic";
                    unit = " Mbit/s";
                }
                case "packets" -> {
                    label = fr ? "paquets sortants" : "outbound packets";
                    unit = fr ? " paquets/s" : " packets/s";
                }
                case "scan" -> {
                    label =
                            fr
                                    ? "balayage de ports ou tentative d'intrusion : le plus grand"
                                            + " nombre d'adresses sur un port, de ports sur une"
                                            + " adresse ou d'essais sur un service d'une adresse"
                                    : "port scan or intrusion attempt: the most addresses on one"
                                            + " port, ports on one address or attempts on one"
                                            + " service of one address";
                    unit = fr ? " en une fenêtre" : " in one window";
                }
                default -> {
                    label = q;
                    unit = "";
                }
            }
        }
        m.put("hasQuota", q != null);
        m.put("isScan", "scan".equals(q)); // a scan is no quota of resources: its own words
        m.put("quota", q == null ? "" : q);
        m.put("quotaLabel", label);
        m.put("unit", unit);
    }

    private static String actionLabel(String action, Language lang) {
        if (action == null) {
            return "";
        }
        boolean fr = lang == Language.FR;
        return switch (action) {
            case "warn" -> fr ? "avertissement" : "warning";
            case "throttle_cpu" -> fr ? "limitation du processeur" : "CPU limit";
            case "throttle_net", "throttle_network" ->
                    fr ? "limitation du débit réseau" : "network rate limit";
            case "throttle_disk" -> fr ? "limitation des accès disque" : "disk IO limit";
            case "isolate", "isolate_network" -> fr ? "isolement réseau" : "network isolation";
            case "suspend" -> fr ? "suspension du serveur" : "server suspension";
            case "stop" -> fr ? "arrêt du serveur" : "server stop";
            default -> action;
        };
    }
}
