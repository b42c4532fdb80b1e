package dev.vpsguard.e2e.lab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.lab.Lab;
import dev.vpsguard.lab.LabAgent;
import dev.vpsguard.lab.LabPoll;
import dev.vpsguard.lab.LabSink;
import dev.vpsguard.lab.RealMtaProfile;
import dev.vpsguard.lab.RealMtaScenario;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One run of the real-MTA lab against the packaged server and the real agent (5 s reports, urgent
 * reports on, enforcement on): every {@link RealMtaProfile} at once, each guest assigned to a
 * tenant on the contract {@code realmta} (the bundled default policy, with guest 103 declared as a
 * mail sender). Watches the server's active blocks every second until the senders are done and two
 * more report intervals have passed.
 */
final class RealMtaRun {
    static final int INTERVAL_SECONDS = 5;

    /**
     * What happened to one sender.
     *
     * @param profile the sender
     * @param blocked whether the server blocked it
     * @param millisToNotice from its first connection (bots) or first message handed to its MTA, to
     *     the first {@code 554 5.7.1}/{@code 421 4.7.1} it met; empty if none
     * @param block the server's block (clause, evidence), or empty
     * @param sender what the sender's side saw
     */
    record Outcome(
            RealMtaProfile profile,
            boolean blocked,
            Optional<Long> millisToNotice,
            String block,
            String sender) {
        boolean correct() {
            return blocked != profile.legitimate();
        }

        @Override
        public String toString() {
            return String.format(
                    "%-22s %-10s %-8s notice after %s ms; block: %s; sender: %s",
                    profile.name(),
                    profile.legitimate() ? "legitimate" : "bot",
                    blocked ? "BLOCKED" : "free",
                    millisToNotice.map(String::valueOf).orElse("-"),
                    block,
                    sender);
        }
    }

    private RealMtaRun() {}

    static String policy() throws IOException {
        String yml = LabServer.defaultPolicyAs("realmta", "1h", "24h", "7d");
        String declared = "vmids: [103]";
        String withDeclared = yml.replaceFirst("vmids: \\[\\]", declared);
        if (!withDeclared.contains(declared)) {
            throw new IllegalStateException(
                    "no declared_senders.vmids in the default policy:\n" + yml);
        }
        return withDeclared;
    }

    /** Runs every sender in {@code lab} (built by {@link RealMtaScenario#labBuilder()}). */
    static List<Outcome> run(Lab lab) throws IOException {
        try (LabSink sink = RealMtaScenario.startSink(lab)) {
            RealMtaScenario scenario = new RealMtaScenario(lab);
            LabServer server = new LabServer(lab, Map.of("realmta.yml", policy()));
            LabAgent agent = new LabAgent(lab, "smtp:\n  enabled: true\n", INTERVAL_SECONDS, true);
            Map<Integer, String> ids = server.enrollAndStart(agent, RealMtaProfile.ALL.size());
            server.assign("realmta", ids.values());
            Map<String, String> blocks = new TreeMap<>();
            scenario.launch();
            long cap = System.nanoTime() + Duration.ofSeconds(150).toNanos();
            long tail = 0;
            while (tail == 0 || System.nanoTime() < tail) {
                scenario.poll();
                for (RealMtaProfile p : RealMtaProfile.ALL) {
                    if (!blocks.containsKey(p.name())) {
                        JsonNode b = server.activeBlock(ids.get(p.vmid()));
                        if (b != null) {
                            blocks.put(
                                    p.name(),
                                    b.path("clause").asText()
                                            + " | "
                                            + b.path("evidence").asText());
                        }
                    }
                }
                if (tail == 0 && (scenario.finished() || System.nanoTime() > cap)) {
                    tail = System.nanoTime() + Duration.ofSeconds(2L * INTERVAL_SECONDS).toNanos();
                }
                LabPoll.sleep(1_000);
            }
            List<Outcome> out = new ArrayList<>();
            for (RealMtaProfile p : RealMtaProfile.ALL) {
                out.add(
                        new Outcome(
                                p,
                                blocks.containsKey(p.name()),
                                scenario.millisToNotice(p.name()),
                                blocks.getOrDefault(p.name(), "none"),
                                scenario.describe(p.name())));
            }
            return out;
        }
    }
}
