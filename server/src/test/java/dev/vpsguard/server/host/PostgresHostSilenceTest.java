package dev.vpsguard.server.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestPostgres;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.host.silence.HostSilence;
import dev.vpsguard.server.notify.webhook.Receiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contract on PostgreSQL, plus two server nodes sharing the database (not possible on H2). */
class PostgresHostSilenceTest extends HostSilenceContract {
    @Override
    Map<String, Object> database() throws Exception {
        return TestPostgres.freshDatabase();
    }

    @Test
    void serverNodesSharingTheDatabaseMarkASilentHostOnceAndReportsRacingTheSweepLeaveNoMark()
            throws Exception {
        Map<String, Object> db = database();
        try (Receiver receiver = new Receiver(() -> 204);
                TestServer a = TestServer.start(props(db, receiver));
                TestServer b = TestServer.start(props(db, receiver))) {
            b.clock().set(a.clock().instant());
            Agents.Enrolled host = Agents.enroll(a, "pve-shared");
            Agents.sendReport(a, host, 1);
            HostSilence[] sweepers = {
                a.context().getBean(HostSilence.class), b.context().getBean(HostSilence.class)
            };
            advance(Duration.ofMinutes(6), a, b);
            // Four sweeps at once, two per node: one marks the host.
            List<Callable<Integer>> sweeps = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sweeps.add(sweepers[i % 2]::sweep);
            }
            assertThat(all(sweeps).stream().mapToInt(Integer::intValue).sum()).isEqualTo(1);
            assertThat(outbox(a, "host_silent")).isEqualTo(1);

            // A report on one node racing a sweep on the other: whichever goes first, the host
            // ends up not silent, and every host_silent has its host_back.
            long seq = 1;
            for (int i = 0; i < 12; i++) {
                advance(Duration.ofMinutes(6), a, b);
                long s = ++seq;
                all(
                        List.of(
                                () -> {
                                    Agents.sendReport(a, host, s);
                                    return 0;
                                },
                                sweepers[1]::sweep));
                assertThat(a.queryLong("SELECT COUNT(*) FROM host_silences"))
                        .as("round %d", i)
                        .isZero();
                assertThat(outbox(a, "host_silent")).isEqualTo(outbox(a, "host_back"));
            }
        } finally {
            stopDatabase();
        }
    }

    private static void advance(Duration d, TestServer... servers) {
        for (TestServer s : servers) {
            s.clock().advance(d);
        }
    }

    /** Runs the tasks at once (released together), returning their results. */
    private static <T> List<T> all(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> t : tasks) {
                futures.add(
                        pool.submit(
                                () -> {
                                    go.await();
                                    return t.call();
                                }));
            }
            go.countDown();
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get(60, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
