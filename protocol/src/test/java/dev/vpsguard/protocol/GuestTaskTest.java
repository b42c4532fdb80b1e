package dev.vpsguard.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's optional host facts: boot time and guest power tasks. */
class GuestTaskTest {
    static final String UPID = "UPID:pve1:0001A2B3:00C4D5E6:6931B0C0:qmstop:101:client42@pve:";

    static GuestTask stop() {
        return new GuestTask(
                UPID,
                101,
                "qmstop",
                "client42@pve",
                Instant.parse("2026-12-04T14:00:00Z"),
                Instant.parse("2026-12-04T14:00:03Z"),
                "OK");
    }

    @Test
    void aReportWithHostFactsSurvivesAWriteAndARead() throws Exception {
        Report r =
                Samples.report(1)
                        .withHostFacts(Instant.parse("2026-12-01T06:00:00Z"), List.of(stop()));
        assertThat(ProtocolJson.read(ProtocolJson.write(r), Report.class)).isEqualTo(r);
        String json = new String(ProtocolJson.write(r), StandardCharsets.UTF_8);
        assertThat(json).contains("\"user\":\"client42@pve\"").contains("\"hostBootedAt\"");
    }

    @Test
    void aReportWithoutThemReadsAsBeforeWithNulls() throws Exception {
        Report r = Samples.report(1);
        String json = new String(ProtocolJson.write(r), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("guestTasks").doesNotContain("hostBootedAt");
        Report back = ProtocolJson.read(json.getBytes(StandardCharsets.UTF_8), Report.class);
        assertThat(back.guestTasks()).isNull();
        assertThat(back.hostBootedAt()).isNull();
    }

    @Test
    void badTasksAreRefusedNamingTheField() {
        String base =
                new String(
                        ProtocolJson.write(Samples.report(0).withHostFacts(null, List.of(stop()))),
                        StandardCharsets.UTF_8);
        assertField(base.replace("\"qmstop\"", "\"QM STOP\""), "guestTasks[0].type");
        assertField(base.replace("\"client42@pve\"", "\"\""), "guestTasks[0].user");
        assertField(
                base.replace("2026-12-04T14:00:03Z", "2026-12-04T13:00:00Z"),
                "guestTasks[0].endedAt");
        assertField(base.replace("\"vmid\":101", "\"vmid\":5"), "guestTasks[0].vmid");
        String twice =
                base.replace(
                        "[{\"upid\"",
                        "[{\"upid\":\""
                                + UPID
                                + "\",\"vmid\":101,"
                                + "\"type\":\"qmstart\",\"user\":\"root@pam\",\"startedAt\":\"2026-12-04T15:00:00Z\"},"
                                + "{\"upid\"");
        assertField(twice, "guestTasks[1].upid");
    }

    static void assertField(String json, String field) {
        assertThatThrownBy(
                        () ->
                                ProtocolJson.read(
                                        json.getBytes(StandardCharsets.UTF_8), Report.class))
                .isInstanceOfSatisfying(
                        InvalidMessageException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
