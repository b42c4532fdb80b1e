package dev.vpsguard.agent.smtp;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders {@code inet vpsguard_watch}, the table in which the kernel counts each guest's new
 * outbound flows (docs/decisions.md, "Agent: SMTP observation"). Pure: text in, text out.
 *
 * <p>The bridge table marks frames that enter from a guest's port ({@link #GUEST_MARK}); here, in
 * prerouting after conntrack, a marked packet whose conntrack entry is new and not yet confirmed is
 * the first packet of a new flow (a retransmitted SYN finds its entry confirmed, so it is not
 * counted twice). Each new flow is counted into the sets of the current <em>generation</em> ({@code
 * a} or {@code b}), and TCP/UDP flows wait in {@code pending4/6} for their first answer for the
 * answer deadline. The first reply packet of a waiting flow takes it out of {@code pending} and
 * counts as answered, or, when it is an RST to port 25, as refused. A flow neither answered nor
 * pending any more failed. At each window close the agent points the rules at the other generation
 * in one transaction ({@link #swap}), then reads the quiet one.
 *
 * <p>Per generation {@code g} and family {@code 4|6}:
 *
 * <ul>
 *   <li>{@code flows4_g} (source . protocol . port): new flows, port 25 for TCP to 25 and 0 for
 *       everything else, so the totals stay exact when the distinct set is full;
 *   <li>{@code dests4_g} (source . destination . protocol . port, ICMP and others as port 0): new
 *       flows per destination and port, for the distinct counts and maxima;
 *   <li>{@code answered4_g} (source . protocol . port): flows whose first answer came in time;
 *   <li>{@code refused4_g} (source): port-25 attempts answered by an RST.
 * </ul>
 */
public final class CountingRules {
    public static final String TABLE = "vpsguard_watch";

    /** The packet-mark bit the bridge table sets on frames from guest ports, cleared here. */
    public static final long GUEST_MARK = 0x00004000L;

    /** Elements per generation set: beyond it distinct counts saturate (totals stay exact). */
    public static final int SET_SIZE = 65_536;

    /** Flows waiting for an answer at once; beyond it a new flow counts as failed at once. */
    public static final int PENDING_SIZE = 262_144;

    static final String SINCE_PREFIX = "vpsguard window since ";
    static final String LAYOUT_PREFIX = "vpsguard layout ";
    private static final String LAYOUT_PLACEHOLDER = "@LAYOUT@";

    private static final String T = "inet " + TABLE;

    private CountingRules() {}

    /** The generations the rules alternate between. */
    public enum Generation {
        A("a"),
        B("b");

        private final String suffix;

        Generation(String suffix) {
            this.suffix = suffix;
        }

        public String suffix() {
            return suffix;
        }

        public Generation other() {
            return this == A ? B : A;
        }

        static Generation ofSuffix(String s) {
            return "a".equals(s) ? A : "b".equals(s) ? B : null;
        }
    }

    /**
     * The whole table, replaced in one transaction, counting into {@code active} from {@code
     * since}.
     */
    public static String install(Duration answerDeadline, Generation active, Instant since) {
        String script = render(answerDeadline, active, since);
        return script.replace(LAYOUT_PLACEHOLDER, layout(answerDeadline));
    }

    /**
     * A fingerprint of the table's layout (sets, chains and the answer deadline): a table left by
     * an agent with another layout is replaced at start, one with this layout is kept.
     */
    public static String layout(Duration answerDeadline) {
        String body = render(answerDeadline, Generation.A, Instant.EPOCH);
        return String.format("%08x", body.hashCode());
    }

    private static String render(Duration answerDeadline, Generation active, Instant since) {
        StringBuilder out = new StringBuilder();
        out.append("table ").append(T).append(" {}\n");
        out.append("delete table ").append(T).append('\n');
        out.append("table ").append(T).append(" {\n");
        for (String f : List.of("4", "6")) {
            String addr = addr(f);
            out.append("\tset pending")
                    .append(f)
                    .append(" {\n\t\ttype ")
                    .append(addr)
                    .append(" . ")
                    .append(addr)
                    .append(" . inet_proto . inet_service . inet_service; flags dynamic,timeout;")
                    .append(" timeout ")
                    .append(seconds(answerDeadline))
                    .append("; size ")
                    .append(PENDING_SIZE)
                    .append(";\n\t}\n");
            for (Generation g : Generation.values()) {
                set(out, "flows" + f + "_" + g.suffix, addr + " . inet_proto . inet_service");
                set(
                        out,
                        "dests" + f + "_" + g.suffix,
                        addr + " . " + addr + " . inet_proto . inet_service");
                set(out, "answered" + f + "_" + g.suffix, addr + " . inet_proto . inet_service");
                set(out, "refused" + f + "_" + g.suffix, addr);
            }
        }
        out.append("\tchain pre {\n")
                .append("\t\ttype filter hook prerouting priority -150; policy accept;\n")
                .append("\t\tmeta mark & ")
                .append(hex(GUEST_MARK))
                .append(" == ")
                .append(hex(GUEST_MARK))
                .append(" jump guest\n")
                .append("\t\tct direction reply jump reply\n")
                .append("\t}\n");
        // Replies of flows the host answers itself (a blocked guest's notice) leave through output.
        out.append("\tchain out {\n")
                .append("\t\ttype filter hook output priority -150; policy accept;\n")
                .append("\t\tct direction reply jump reply\n")
                .append("\t}\n");
        out.append("\tchain guest {\n")
                .append("\t\tmeta mark set meta mark & ")
                .append(hex(~GUEST_MARK & 0xffffffffL))
                .append('\n')
                .append("\t\tct state new ct status & confirmed == 0 jump count comment \"")
                .append(LAYOUT_PREFIX)
                .append(LAYOUT_PLACEHOLDER)
                .append("\"\n")
                .append("\t}\n");
        out.append("\tchain count {\n");
        for (String rule : countRules(active, since)) {
            out.append("\t\t").append(rule).append('\n');
        }
        out.append("\t}\n");
        out.append("\tchain reply {\n");
        for (String rule : replyRules(active)) {
            out.append("\t\t").append(rule).append('\n');
        }
        out.append("\t}\n");
        out.append("}\n");
        return out.toString();
    }

    /**
     * One line (one transaction) that empties {@code next}'s sets and points the rules at them:
     * from its commit on, new flows count in {@code next}, and the other generation is quiet.
     */
    public static String swap(Generation next, Instant since) {
        List<String> commands = new ArrayList<>();
        for (String f : List.of("4", "6")) {
            for (String kind : List.of("flows", "dests", "answered", "refused")) {
                commands.add("flush set " + T + " " + kind + f + "_" + next.suffix);
            }
        }
        commands.add("flush chain " + T + " count");
        for (String rule : countRules(next, since)) {
            commands.add("add rule " + T + " count " + rule);
        }
        commands.add("flush chain " + T + " reply");
        for (String rule : replyRules(next)) {
            commands.add("add rule " + T + " reply " + rule);
        }
        return String.join("; ", commands) + "\n";
    }

    private static List<String> countRules(Generation g, Instant since) {
        List<String> rules = new ArrayList<>();
        String s = "_" + g.suffix;
        for (String f : List.of("4", "6")) {
            String nf = "meta nfproto " + (f.equals("4") ? "ipv4 " : "ipv6 ");
            String ip = f.equals("4") ? "ip" : "ip6";
            String src = ip + " saddr . ";
            String pair = src + ip + " daddr . ";
            String flows = " update @flows" + f + s + " { " + src;
            String dests = " update @dests" + f + s + " { " + pair;
            String note = f.equals("4") ? " comment \"" + SINCE_PREFIX + since + "\"" : "";
            rules.add(nf + "tcp dport 25" + flows + "meta l4proto . 25 }" + note);
            rules.add(nf + "tcp dport != 25" + flows + "meta l4proto . 0 }");
            rules.add(nf + "meta l4proto != tcp" + flows + "meta l4proto . 0 }");
            rules.add(
                    nf
                            + "meta l4proto { tcp, udp } add @pending"
                            + f
                            + " { "
                            + pair
                            + "meta l4proto . th sport . th dport }");
            rules.add(nf + "meta l4proto { tcp, udp }" + dests + "meta l4proto . th dport }");
            rules.add(nf + "meta l4proto != { tcp, udp }" + dests + "meta l4proto . 0 }");
        }
        return rules;
    }

    private static List<String> replyRules(Generation g) {
        List<String> rules = new ArrayList<>();
        String s = "_" + g.suffix;
        for (String f : List.of("4", "6")) {
            String nf = "meta nfproto " + (f.equals("4") ? "ipv4" : "ipv6");
            String ip = f.equals("4") ? "ip" : "ip6";
            String osrc = "ct original " + ip + " saddr";
            String key =
                    osrc
                            + " . ct original "
                            + ip
                            + " daddr . meta l4proto . ct original proto-src"
                            + " . ct original proto-dst";
            String waiting = key + " @pending" + f;
            String done = " delete @pending" + f + " { " + key + " }";
            String rst = nf + " meta l4proto tcp tcp flags & rst == rst ";
            rules.add(
                    rst
                            + "ct original proto-dst 25 "
                            + waiting
                            + " update @refused"
                            + f
                            + s
                            + " { "
                            + osrc
                            + " }");
            rules.add(rst + waiting + done + " return");
            for (String proto : List.of("tcp", "udp")) {
                rules.add(
                        nf
                                + " meta l4proto "
                                + proto
                                + " "
                                + waiting
                                + done
                                + " update @answered"
                                + f
                                + s
                                + " { "
                                + osrc
                                + " . meta l4proto . ct original proto-dst }");
            }
        }
        return rules;
    }

    private static void set(StringBuilder out, String name, String type) {
        out.append("\tset ")
                .append(name)
                .append(" {\n\t\ttype ")
                .append(type)
                .append("; flags dynamic; counter; size ")
                .append(SET_SIZE)
                .append(";\n\t}\n");
    }

    private static String addr(String family) {
        return family.equals("4") ? "ipv4_addr" : "ipv6_addr";
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    private static String hex(long v) {
        return String.format("0x%08x", v);
    }
}
