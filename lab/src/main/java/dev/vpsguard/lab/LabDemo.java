package dev.vpsguard.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The root demo of {@code scripts/demo.sh}: a Proxmox-like host built from network namespaces
 * (docs/lab.md), the real agent in it (conntrack observation, nftables enforcement, the 554 notice
 * responder; a recording {@code qm}), reporting to the server the script runs on this machine.
 *
 * <p>Guest 101 (in the host's subnet) is a small mail server and guest 103 a newsletter sender,
 * both legitimate; guest 102 (an additional IP block) is a spam bot. Each spam episode is blocked;
 * the demo prints the {@code 554} line the guest's own mail client gets, waits for the rung's
 * minimum duration, asks for the unblock as support would on the customer's behalf, prints the
 * outcome, and starts the next episode: strike 1, strike 2, then strike 3 whose request is refused.
 * Then the legitimate traffic carries on until the script stops.
 *
 * <p>Arguments: {@code --server URL} (as seen from this machine), {@code --admin-token-file F},
 * {@code --contract NAME} (the tenant's contract, with short rungs), {@code --for SECONDS}
 * (optional). Everything is torn down on exit, Ctrl-C included. With {@code --host-id ID} it builds
 * no lab and only follows the ladder of that host's guests (the non-root demo, where the agent
 * replays a recorded capture).
 */
public final class LabDemo {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROOT_CIDR = "169.254.253.1/30";
    private static final String HV_CIDR = "169.254.253.2/30";
    private static final int INTERVAL_SECONDS = 5;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String server;
    private final String admin;
    private final String adminTokenFile;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private String hostId;

    private LabDemo(String server, String adminTokenFile) throws IOException {
        this.server = server;
        this.adminTokenFile = adminTokenFile;
        this.admin = Files.readString(Path.of(adminTokenFile)).strip();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        LabDemo demo = new LabDemo(require(a, "--server"), require(a, "--admin-token-file"));
        long forSeconds = Long.parseLong(a.getOrDefault("--for", "0"));
        if (a.containsKey("--host-id")) {
            demo.narrate(a.get("--host-id"), require(a, "--contract"), forSeconds);
            System.exit(0);
        }
        String missing = Lab.missingPrerequisite().orElse(null);
        if (missing != null) {
            System.err.println("demo: the namespace lab cannot run here: " + missing);
            System.exit(3);
        }
        demo.run(require(a, "--contract"), forSeconds);
        System.exit(0);
    }

    private static String require(Map<String, String> args, String key) {
        String v = args.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("LabDemo: missing " + key);
        }
        return v;
    }

    private void run(String contract, long forSeconds) throws IOException {
        long deadline =
                forSeconds > 0 ? System.nanoTime() + forSeconds * 1_000_000_000L : Long.MAX_VALUE;
        try (Lab lab =
                        Lab.builder()
                                .guestInSubnet(101)
                                .guestOutOfSubnet(102)
                                .guestInSubnet(103)
                                .mx(10, 3, 3)
                                .build();
                LabSink sink = LabSink.start(lab)) {
            String link = lab.linkToRootNamespace(ROOT_CIDR, HV_CIDR);
            say(
                    "lab %s: host namespace %s (vmbr0, %s), guests 101 %s, 102 %s, 103 %s; link"
                            + " to this machine %s",
                    lab.prefix(),
                    lab.hv(),
                    Lab.HOST_ADDRESS,
                    lab.guest(101).address(),
                    lab.guest(102).address(),
                    lab.guest(103).address(),
                    link);
            String port =
                    URI.create(server).getPort() < 0 ? "80" : "" + URI.create(server).getPort();
            String agentUrl =
                    "http://" + ROOT_CIDR.substring(0, ROOT_CIDR.indexOf('/')) + ":" + port;
            LabAgent agent =
                    new LabAgent(lab, "smtp:\n  enabled: true\n", INTERVAL_SECONDS, true, agentUrl);
            Map<Integer, String> guests = enrollAndStart(lab, agent);
            assign(contract, guests);
            banner(lab, agent, guests);
            Thread legit = legitimateTraffic(lab);
            String mx = lab.mx().accepting().get(0);
            for (int strike = 1; strike <= 3 && System.nanoTime() < deadline; strike++) {
                spamEpisode(lab, agent, guests.get(102), mx, strike, deadline);
            }
            for (Map.Entry<Integer, String> g : guests.entrySet()) {
                JsonNode ladder = call("GET", "/api/v1/guests/" + g.getValue() + "/ladder", null);
                say(
                        "guest %d: %s strike(s) counting, active block: %s",
                        g.getKey(),
                        ladder.path("strikesCounting").asText(),
                        !ladder.path("activeBlock").isObject()
                                ? "none"
                                : "strike " + ladder.path("activeBlock").path("strike").asText());
            }
            say(
                    "legitimate traffic from guests 101 and 103 goes on; %s",
                    forSeconds > 0
                            ? "the demo stops when its --for time is up (Ctrl-C stops it sooner)."
                            : "Ctrl-C to stop.");
            while (System.nanoTime() < deadline && agent.agent().isAlive()) {
                LabPoll.sleep(1000);
            }
            running.set(false);
            legit.interrupt();
            if (!agent.agent().isAlive()) {
                say("the agent exited:\n%s", agent.agent().output());
            }
        }
        say("lab torn down");
    }

    /**
     * The non-root demo: an agent already runs on a static inventory and replays a recorded capture
     * (its spam episode comes back every pass). Assigns the host's guests to the demo tenant, then
     * follows the ladder: prints each new block with its evidence, asks for the unblock once the
     * rung allows it (at once on a refused rung, to show the refusal) and prints the outcome.
     */
    private void narrate(String hostId, String contract, long forSeconds) {
        long deadline =
                forSeconds > 0 ? System.nanoTime() + forSeconds * 1_000_000_000L : Long.MAX_VALUE;
        String path = "/api/v1/hosts/" + hostId;
        Map<String, Integer> vmids = new TreeMap<>();
        LabPoll.until(
                Duration.ofSeconds(60),
                () -> call("GET", path, null).get("guests").size() > 0,
                () -> "the agent's first report");
        for (JsonNode g : call("GET", path, null).get("guests")) {
            vmids.put(g.get("id").asText(), g.get("vmid").asInt());
        }
        Map<Integer, String> byVmid = new TreeMap<>();
        vmids.forEach((id, vmid) -> byVmid.put(vmid, id));
        assign(contract, byVmid);
        say(
                "the agent replays a recorded capture: guest 101 runs a spam bot for about a minute"
                        + " each pass, 102 sends a few mails, 200 a newsletter");
        java.util.Set<String> requested = new java.util.HashSet<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (System.nanoTime() < deadline) {
            for (JsonNode b : call("GET", "/api/v1/blocks?state=active", null)) {
                String blockId = b.get("id").asText();
                Integer vmid = vmids.get(b.get("guestId").asText());
                if (vmid == null) {
                    continue;
                }
                if (seen.add(blockId)) {
                    say(
                            "guest %d blocked, strike %s, minimum until %s (%s); evidence %s",
                            vmid,
                            b.get("strike").asText(),
                            b.get("minimumUntil").asText(),
                            b.path("clause").asText(),
                            b.path("evidence").asText());
                }
                boolean refusedRung = "refused".equals(b.path("unblockMode").asText());
                Instant minimum = Instant.parse(b.get("minimumUntil").asText());
                if (!requested.contains(blockId)
                        && (refusedRung || Instant.now().isAfter(minimum.plusSeconds(1)))) {
                    requested.add(blockId);
                    say(
                            "unblock requested for guest %d: %s",
                            vmid,
                            call(
                                    "POST",
                                    "/api/v1/blocks/" + blockId + "/unblock-requests",
                                    "{\"channel\":\"operator\",\"reason\":\"demo: the"
                                            + " customer says the cause is fixed\"}"));
                }
            }
            LabPoll.sleep(2000);
        }
    }

    /**
     * Where to look while the lab runs: the agent listens inside the host namespace, so its metrics
     * are reached through {@code ip netns exec}.
     */
    private void banner(Lab lab, LabAgent agent, Map<Integer, String> guests) {
        String auth = "-H \"Authorization: Bearer $(cat " + adminTokenFile + ")\"";
        StringBuilder b = new StringBuilder("the lab is up:\n");
        b.append(
                String.format(
                        "  this host     curl %s %s/api/v1/hosts/%s%n", auth, server, hostId));
        guests.forEach(
                (vmid, id) ->
                        b.append(
                                String.format(
                                        "  guest %-7d curl %s %s/api/v1/guests/%s%n",
                                        vmid, auth, server, id)));
        b.append(
                String.format(
                        "  agent         ip netns exec %s curl -s http://127.0.0.1:%d/metrics"
                                + "   (log: %s)",
                        lab.hv(), LabAgent.METRICS_PORT, agent.agent().outputFile()));
        say("%s", b);
    }

    private Map<Integer, String> enrollAndStart(Lab lab, LabAgent agent) {
        JsonNode host =
                call("POST", "/api/v1/hosts", "{\"name\":\"lab-pve-" + lab.prefix() + "\"}");
        List<String> enroll = new ArrayList<>(agent.agentCommand("enroll"));
        enroll.addAll(
                List.of(
                        "--server",
                        agentServerUrl(agent),
                        "--token",
                        host.get("enrollmentToken").asText()));
        ExecResult enrolled = lab.exec(lab.hv(), enroll.toArray(String[]::new));
        if (enrolled.exitCode() != 0) {
            throw new IllegalStateException("agent enrolment failed: " + enrolled.output());
        }
        agent.startAgent();
        hostId = host.get("hostId").asText();
        String path = "/api/v1/hosts/" + hostId;
        LabPoll.until(
                Duration.ofSeconds(90),
                () -> call("GET", path, null).get("guests").size() >= 3,
                () -> "the agent's first report; agent log:\n" + agent.agent().output());
        Map<Integer, String> ids = new TreeMap<>();
        for (JsonNode g : call("GET", path, null).get("guests")) {
            ids.put(g.get("vmid").asInt(), g.get("id").asText());
        }
        say(
                "agent enrolled as host %s and reporting every %d s; guests %s",
                path, INTERVAL_SECONDS, ids);
        return ids;
    }

    private static String agentServerUrl(LabAgent agent) {
        try {
            for (String line : Files.readAllLines(agent.config())) {
                if (line.startsWith("  url: ")) {
                    return line.substring("  url: ".length()).strip();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no server url in " + agent.config());
    }

    private void assign(String contract, Map<Integer, String> guests) {
        String tenantId = "demo-customer";
        HttpResponse<String> existing = send("GET", "/api/v1/tenants/" + tenantId, null);
        if (existing.statusCode() == 404) {
            call(
                    "POST",
                    "/api/v1/tenants",
                    "{\"id\":\""
                            + tenantId
                            + "\",\"name\":\"Demo customer\",\"contactEmail\":"
                            + "\"customer@example.test\",\"language\":\"en\",\"contract\":\""
                            + contract
                            + "\"}");
        }
        for (String id : guests.values()) {
            call("PUT", "/api/v1/guests/" + id + "/tenant", "{\"tenantId\":\"" + tenantId + "\"}");
        }
        say("guests assigned to tenant %s on contract '%s'", tenantId, contract);
    }

    /** Guest 101 delivers a few mails with swaks and guest 103 sends a newsletter, each minute. */
    private Thread legitimateTraffic(Lab lab) {
        Thread t =
                new Thread(
                        () -> {
                            while (running.get()) {
                                try {
                                    ProfileRunner.run(
                                            lab,
                                            lab.guest(101),
                                            TrafficProfile.legitimateMailServer(lab.mx()));
                                    ProfileRunner.run(
                                            lab,
                                            lab.guest(103),
                                            TrafficProfile.newsletter(lab.mx(), 1, 0));
                                    Thread.sleep(60_000);
                                } catch (InterruptedException e) {
                                    return;
                                } catch (RuntimeException e) {
                                    if (running.get()) {
                                        say("legitimate traffic: %s", e.getMessage());
                                    }
                                }
                            }
                        },
                        "demo-legitimate-traffic");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private void spamEpisode(
            Lab lab, LabAgent agent, String guestId, String mx, int strike, long deadline) {
        LabGuest bot = lab.guest(102);
        say("guest 102 starts spamming (50 connections/s to the MX addresses)...");
        Instant t0 = Instant.now();
        ProfileRunner.Started spam =
                ProfileRunner.start(
                        lab, bot, TrafficProfile.spamBot(lab.mx(), 600, 50, strike), 12);
        String line = "";
        Instant seen = null;
        while (System.nanoTime() < deadline && agent.agent().isAlive()) {
            line = LabSmtpProbe.greeting(lab, bot, mx, 25);
            if (line.startsWith("554 ") || line.startsWith("421 ")) {
                seen = Instant.now();
                break;
            }
            LabPoll.sleep(200);
        }
        ProfileRunner.result(spam);
        JsonNode block = activeBlock(guestId);
        if (block == null) {
            say("no block (yet): last greeting '%s'", line);
            return;
        }
        String throttled = line.startsWith("554 ") ? "" : line;
        line = notice(lab, bot, mx, line);
        String swaks = LabSmtpProbe.swaks(lab, bot, mx);
        say(
                "blocked %d ms after the first spam connection, strike %s. What the guest's mail"
                        + " client reads:\n    %s%s\n  swaks from guest 102%s:\n%s",
                Duration.between(t0, seen == null ? Instant.now() : seen).toMillis(),
                block.get("strike").asText(),
                line,
                throttled.isEmpty()
                        ? ""
                        : "\n  (while the bot was still hammering, the notice responder throttled"
                                + " it with:\n    "
                                + throttled
                                + ")",
                swaks.contains("<** 421 ")
                        ? " (the notice responder's per-source limit answers 421 while the bot"
                                + " keeps hammering it)"
                        : "",
                indent(swaks));
        say("the ladder: %s", call("GET", "/api/v1/guests/" + guestId + "/ladder", null));
        // A refused rung refuses at once; otherwise wait for the minimum, so the request is
        // granted.
        Instant minimumEnds =
                "refused".equals(block.path("unblockMode").asText())
                        ? Instant.now()
                        : Instant.parse(block.get("minimumUntil").asText());
        while (Instant.now().isBefore(minimumEnds.plusSeconds(1)) && System.nanoTime() < deadline) {
            LabPoll.sleep(1000);
        }
        if (System.nanoTime() >= deadline) {
            return;
        }
        JsonNode outcome =
                call(
                        "POST",
                        "/api/v1/blocks/" + block.get("id").asText() + "/unblock-requests",
                        "{\"channel\":\"operator\",\"reason\":\"demo: the customer says the"
                                + " compromised account is fixed\"}");
        say("unblock requested: %s", outcome);
        if ("granted".equals(outcome.path("outcome").asText())) {
            LabPoll.until(
                    Duration.ofSeconds(3L * INTERVAL_SECONDS + 10),
                    () -> LabSmtpProbe.greeting(lab, bot, mx, 25).startsWith("220 "),
                    () -> "mail to flow again from guest 102");
            say("guest 102's mail flows again (220 greeting from the MX)");
        }
    }

    /**
     * The {@code 554} line once the spam burst is over: at strikes 2 and 3 the bot's own burst can
     * leave the responder's per-source limit exhausted (a {@code 421}) when the block lands. The
     * limit counts connections per one-minute window, so this asks again for up to a window (and a
     * little more); the rung's minimum, which the demo waits for next, is longer.
     */
    private static String notice(Lab lab, LabGuest bot, String mx, String first) {
        String line = first;
        long until = System.nanoTime() + Duration.ofSeconds(65).toNanos();
        while (!line.startsWith("554 ") && System.nanoTime() < until) {
            LabPoll.sleep(2000);
            line = LabSmtpProbe.greeting(lab, bot, mx, 25);
        }
        return line;
    }

    private JsonNode activeBlock(String guestId) {
        for (JsonNode b : call("GET", "/api/v1/blocks?state=active", null)) {
            if (guestId.equals(b.get("guestId").asText())) {
                return b;
            }
        }
        return null;
    }

    private JsonNode call(String method, String path, String body) {
        HttpResponse<String> r = send(method, path, body);
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    method + " " + path + " -> " + r.statusCode() + ": " + r.body());
        }
        try {
            return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(String method, String path, String body) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(server + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/json")
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String indent(String text) {
        return "    " + text.strip().replace("\n", "\n    ");
    }

    private static void say(String format, Object... args) {
        System.out.printf("demo: " + format + "%n", args);
        System.out.flush();
    }
}
