package dev.vpsguard.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.agent.config.AgentConfig;
import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.agent.testing.FakeHost;
import dev.vpsguard.agent.testing.FakeServer;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.testing.Await;
import io.prometheus.client.CollectorRegistry;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentRuntimeTest {
    @TempDir Path tmp;

    private AgentConfig config(FakeServer server) throws Exception {
        return config(
                server,
                tmp,
                tmp,
                new AgentConfig.Inventory(AgentConfig.InventoryMode.STATIC, FakeHost.GUESTS));
    }

    /** A runtime's config for tests: no enforcement, no SMTP, endpoints on a free port. */
    static AgentConfig config(
            FakeServer server, Path tmp, Path hostRoot, AgentConfig.Inventory inventory)
            throws Exception {
        return new AgentConfig(
                new AgentConfig.Server(
                        server.url(),
                        tmp.resolve("credential"),
                        null,
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(30)),
                Duration.ofSeconds(300),
                hostRoot,
                inventory,
                new AgentConfig.Spool(tmp.resolve("spool"), 1 << 20, 10),
                new AgentConfig.Metrics(InetAddress.getLoopbackAddress(), 0),
                tmp.resolve("state"),
                AgentConfig.Enforcement.DISABLED,
                AgentConfig.Smtp.DISABLED);
    }

    /** Waits on real IO, with a deadline; never a bare sleep. */
    private static void await(BooleanSupplier condition) {
        Await.until("a condition on the runtime", Duration.ofSeconds(10), condition);
    }

    private long spooled() throws Exception {
        try (Stream<Path> files = Files.list(tmp.resolve("spool"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json.gz")).count();
        }
    }

    @Test
    void startedRuntimeReportsTheStaticInventoryAtOnce() throws Exception {
        try (FakeServer server =
                new FakeServer(
                        r ->
                                new FakeServer.Answer(
                                        200,
                                        "{\"seq\":1,\"duplicate\":false,\"desiredState\":{\"version\":3,\"issuedAt\":\"2026-01-01T00:00:00Z\",\"actions\":[]}}"))) {
            AgentRuntime runtime =
                    new AgentRuntime(
                            config(server),
                            new HostCredential("h-1", "c"),
                            Clock.systemUTC(),
                            new CollectorRegistry());
            try (runtime) {
                runtime.start();
                await(() -> runtime.loop().desiredState().isPresent());
            }
            Report r = ProtocolJson.read(server.requests.get(0).body(), Report.class);
            assertThat(r.hostId()).isEqualTo("h-1");
            assertThat(r.guests()).extracting(g -> g.vmid()).containsExactly(101, 200);
            assertThat(runtime.loop().desiredState().get().version()).isEqualTo(3);
            assertThat(spooled()).isZero();
        }
    }

    @Test
    void shutdownDuringASendKeepsTheReportSpooled() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeServer server =
                new FakeServer(
                        r -> {
                            try {
                                release.await(20, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return new FakeServer.Answer(503, "");
                        })) {
            AgentRuntime runtime =
                    new AgentRuntime(
                            config(server),
                            new HostCredential("h-1", "c"),
                            Clock.systemUTC(),
                            new CollectorRegistry());
            runtime.start();
            await(() -> server.requests.size() == 1);
            long t0 = System.nanoTime();
            runtime.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(spooled()).isEqualTo(1);
            release.countDown();
        }
    }
}
