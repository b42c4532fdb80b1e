package dev.vpsguard.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Guests in and outside the host's subnet reach the sink; refusing and dropping MX behave. */
@ExtendWith(LabExtension.class)
class LabReachabilityTest {
    private static LabSink sink;

    @BeforeAll
    static void startSink(Lab lab) {
        sink = LabSink.start(lab);
    }

    @AfterAll
    static void stopSink() {
        if (sink != null) {
            sink.close();
        }
    }

    @BeforeEach
    void resetCounts() {
        sink.reset();
    }

    @Test
    void inSubnetGuestDeliversToTheSinkWithSwaks(Lab lab) {
        String mx = lab.mx().accepting().get(2);
        ExecResult r = swaks(lab, lab.inSubnetGuest(), mx);

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("250 2.0.0 Ok: queued");
        SinkCounts c = sink.counts();
        assertThat(c.smtpPerAddress()).containsExactly(java.util.Map.entry(mx, 1L));
        assertThat(c.smtpMessages()).isEqualTo(1);
    }

    @Test
    void outOfSubnetGuestReachesTheSinkThroughItsRouter(Lab lab) {
        String mx = lab.mx().accepting().get(3);
        ExecResult r = swaks(lab, lab.outOfSubnetGuest(), mx);

        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(sink.counts().smtpConnectionsTo(mx)).isEqualTo(1);
    }

    @Test
    void hostHasNoRouteToTheOutOfSubnetGuestButReachesTheInSubnetOne(Lab lab) {
        // The docs/lab.md fact the enforcement tests build on: the host needs a /32 route back.
        ExecResult out = lab.exec(lab.hv(), "ip", "route", "get", lab.outOfSubnetGuest().address());
        ExecResult in = lab.exec(lab.hv(), "ip", "route", "get", lab.inSubnetGuest().address());

        assertThat(out.exitCode()).isNotZero();
        assertThat(out.output()).contains("unreachable");
        assertThat(in.output()).contains("dev vmbr0");
    }

    @Test
    void refusingMxAnswersResetAndDroppingMxNeverAnswers(Lab lab) {
        String refusing = lab.mx().refusing().get(0);
        String dropping = lab.mx().dropping().get(0);
        String script = "exec 3<>/dev/tcp/%s/25 && echo CONNECTED";
        ExecResult refused =
                lab.exec(
                        lab.outOfSubnetGuest().namespace(),
                        "bash",
                        "-c",
                        script.formatted(refusing));
        ExecResult dropped =
                lab.exec(
                        lab.outOfSubnetGuest().namespace(),
                        "timeout",
                        "1",
                        "bash",
                        "-c",
                        script.formatted(dropping));

        assertThat(refused.output()).contains("Connection refused").doesNotContain("CONNECTED");
        assertThat(dropped.exitCode()).as("timeout(1) exit code").isEqualTo(124);
        assertThat(sink.counts().smtpConnections()).isZero();
    }

    private static ExecResult swaks(Lab lab, LabGuest guest, String mx) {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                LabPrerequisites.find("swaks").isPresent(), "needs swaks (Debian package swaks)");
        return lab.exec(
                guest.namespace(),
                "swaks",
                "--server",
                mx,
                "--from",
                "a@guest.test",
                "--to",
                "x@example.test",
                "--timeout",
                "5");
    }
}
