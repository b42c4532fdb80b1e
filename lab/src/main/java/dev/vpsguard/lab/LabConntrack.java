package dev.vpsguard.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's SMTP observation as docs/lab.md describes it, run inside the lab's {@code hv}: the
 * watch table that puts bridged guest traffic through conntrack, and {@code conntrack -E -p tcp
 * --dport 25 -o timestamp,id} streaming events to a file.
 */
public final class LabConntrack implements AutoCloseable {
    /** The agent's watch table from docs/lab.md, applied with {@code nft -f} inside {@code hv}. */
    public static final String WATCH_TABLE =
            "table inet vpsguard {\n"
                    + "  chain smtp_watch { type filter hook forward priority 0; policy accept;\n"
                    + "    tcp dport 25 ct state new counter\n"
                    + "  }\n"
                    + "}\n";

    private final Lab lab;
    private final LabProcess process;

    private LabConntrack(Lab lab, LabProcess process) {
        this.lab = lab;
        this.process = process;
    }

    /**
     * Installs {@link #WATCH_TABLE} in {@code hv}, starts {@code conntrack -E} there and waits
     * until it reports events: probe connections from {@code hv} itself to {@link
     * Lab#ROUTER_ADDRESS} port 25 (nothing listens: refused at once) until one shows up. Count
     * guest flows with {@link #newEventsFrom}, which ignores the probes.
     */
    public static LabConntrack start(Lab lab) {
        return start(lab, List.of());
    }

    /**
     * Like {@link #start(Lab)}, with extra {@code conntrack} options appended (for example {@code
     * -e NEW,DESTROY} or {@code -b <bytes>}).
     */
    public static LabConntrack start(Lab lab, List<String> extraOptions) {
        // Delete and recreate in one transaction, as the agent does, so a second start in the
        // same lab does not duplicate the rule.
        lab.nft(lab.hv(), "table inet vpsguard {}\ndelete table inet vpsguard\n" + WATCH_TABLE);
        List<String> cmd =
                new ArrayList<>(
                        List.of(
                                LabPrerequisites.tool("conntrack"),
                                "-E",
                                "-p",
                                "tcp",
                                "--dport",
                                "25",
                                "-o",
                                "timestamp,id"));
        cmd.addAll(extraOptions);
        LabProcess p = lab.spawn(lab.hv(), cmd.toArray(String[]::new));
        LabConntrack ct = new LabConntrack(lab, p);
        String probe = "exec 3<>/dev/tcp/" + Lab.ROUTER_ADDRESS + "/25";
        LabPoll.until(
                Duration.ofSeconds(10),
                () -> {
                    lab.exec(lab.hv(), "bash", "-c", probe);
                    return p.output().contains("dst=" + Lab.ROUTER_ADDRESS + " ");
                },
                () -> "conntrack -E to report a probe flow: " + p.output());
        return ct;
    }

    public LabProcess process() {
        return process;
    }

    /** Every line conntrack printed so far. */
    public List<String> lines() {
        return process.output().lines().toList();
    }

    /** The {@code [NEW]} events whose original source is {@code address}. */
    public List<String> newEventsFrom(String address) {
        String src = " src=" + address + " ";
        return lines().stream().filter(l -> l.contains("[NEW]") && l.contains(src)).toList();
    }

    /** Waits until at least {@code count} NEW events from {@code address} arrived, or 10 s. */
    public List<String> awaitNewEventsFrom(String address, int count) {
        LabPoll.until(
                Duration.ofSeconds(10),
                () -> newEventsFrom(address).size() >= count,
                () ->
                        count
                                + " NEW events from "
                                + address
                                + ", have "
                                + newEventsFrom(address).size());
        return newEventsFrom(address);
    }

    /** The packet count of the watch table's {@code ct state new} rule. */
    public long watchCounterPackets() {
        String out =
                lab.exec(
                                lab.hv(),
                                LabPrerequisites.tool("nft"),
                                "list",
                                "table",
                                "inet",
                                "vpsguard")
                        .orThrow()
                        .output();
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("ct state new counter packets (\\d+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no watch counter in: " + out);
        }
        return Long.parseLong(m.group(1));
    }

    /** Stops {@code conntrack -E} (by pid); the watch table goes with the lab's {@code hv}. */
    @Override
    public void close() {
        process.stop();
    }
}
