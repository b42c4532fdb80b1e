package dev.vpsguard.agent.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.GuestTask;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskLogReaderTest {
    @TempDir Path root;

    private void install() throws IOException {
        Path tasks = Files.createDirectories(root.resolve("var/log/pve/tasks"));
        copy("index", tasks.resolve("index"));
        copy("active", tasks.resolve("active"));
        copy("proc-stat", Files.createDirectories(root.resolve("proc")).resolve("stat"));
    }

    private static void copy(String name, Path to) throws IOException {
        try (InputStream in = TaskLogReaderTest.class.getResourceAsStream("/tasks/" + name)) {
            Files.copy(in, to);
        }
    }

    @Test
    void indexLinesBecomeGuestPowerTasksWithTheirUser() throws IOException {
        List<GuestTask> tasks =
                TaskLogParser.parse(Files.readAllLines(Path.of("src/test/resources/tasks/index")));
        assertThat(tasks)
                .extracting(GuestTask::type, GuestTask::vmid, GuestTask::user)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("qmstart", 101, "root@pam"),
                        org.assertj.core.groups.Tuple.tuple("qmstop", 101, "client42@pve"),
                        org.assertj.core.groups.Tuple.tuple("qmstart", 101, "client42@pve"),
                        org.assertj.core.groups.Tuple.tuple("vzshutdown", 205, "root@pam!vpsguard"),
                        org.assertj.core.groups.Tuple.tuple("qmstart", 102, "client7@pve"));
        GuestTask stop = tasks.get(1);
        assertThat(stop.startedAt()).isEqualTo(Instant.parse("2026-12-04T14:00:00Z"));
        assertThat(stop.endedAt()).isEqualTo(Instant.parse("2026-12-04T14:00:03Z"));
        assertThat(stop.status()).isEqualTo("OK");
        assertThat(stop.upid())
                .isEqualTo("UPID:pve1:0000B7E1:00A1B2C3:6B12C760:qmstop:101:client42@pve:");
        assertThat(tasks.get(4).status()).startsWith("start failed");
    }

    @Test
    void activeTasksRunningOrEndedAreReadAndTheLookBackApplies() throws IOException {
        install();
        Clock at = Clock.fixed(Instant.parse("2026-12-04T21:15:00Z"), ZoneOffset.UTC);
        List<GuestTask> recent = new TaskLogReader(root, at, Duration.ofHours(6)).recent();
        assertThat(recent)
                .extracting(GuestTask::vmid)
                .containsExactly(101, 205, 102, 104, 105); // the 09:00 and 14:00 tasks are too old
        assertThat(recent.get(0).type()).isEqualTo("qmstart");
        GuestTask running = recent.get(4);
        assertThat(running.endedAt()).isNull();
        assertThat(running.status()).isNull();
        assertThat(recent.get(3).endedAt()).isEqualTo(Instant.parse("2026-12-04T21:10:05Z"));
        assertThat(new TaskLogReader(root, at, Duration.ofHours(6)).bootedAt())
                .isEqualTo(Instant.ofEpochSecond(1764914400L));
    }

    @Test
    void aHostWithoutTaskFilesReportsNoTasksAndNoBootTime() {
        TaskLogReader r = new TaskLogReader(root, Clock.systemUTC(), Duration.ofHours(1));
        assertThat(r.recent()).isEmpty();
        assertThat(r.bootedAt()).isNull();
    }
}
