package dev.vpsguard.agent.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UrgentReportTriggerTest {
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final Clock clock =
            new Clock() {
                @Override
                public ZoneOffset getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now;
                }
            };
    private final UrgentReportTrigger trigger = new UrgentReportTrigger(clock);

    private int connect(int vmid, int count, Duration gap) {
        int urgent = 0;
        for (int i = 0; i < count; i++) {
            urgent += trigger.newConnection(vmid) ? 1 : 0;
            now = now.plus(gap);
        }
        return urgent;
    }

    @Test
    void twentiethConnectionWithinTwoSecondsAsksForAReport() {
        assertThat(connect(101, 19, Duration.ofMillis(50))).isZero();
        assertThat(trigger.newConnection(101)).isTrue();
    }

    @Test
    void aSteadySenderBelowTheLevelNeverTriggers() {
        // 20 connections always span more than 2 s: 9.5 per second.
        assertThat(connect(101, 500, Duration.ofMillis(106))).isZero();
    }

    @Test
    void connectionsOfDifferentGuestsDoNotAddUp() {
        for (int i = 0; i < 15; i++) {
            assertThat(trigger.newConnection(101)).isFalse();
            assertThat(trigger.newConnection(102)).isFalse();
        }
    }

    @Test
    void atMostOneUrgentReportPerSecondPerHost() {
        // Two guests bursting at once, one connection each per millisecond, for 3 s.
        int urgent = 0;
        for (int i = 0; i < 3000; i++) {
            urgent += trigger.newConnection(101) ? 1 : 0;
            urgent += trigger.newConnection(102) ? 1 : 0;
            now = now.plusMillis(1);
        }
        assertThat(urgent).isEqualTo(3);
    }

    @Test
    void aNewCycleForgetsEarlierConnections() {
        connect(101, 19, Duration.ofMillis(10));
        trigger.cycleStarted();
        assertThat(trigger.newConnection(101)).isFalse();
    }

    @Test
    void aConfiguredLevelIsHonoured() {
        UrgentReportTrigger strict =
                new UrgentReportTrigger(clock, 3, Duration.ofSeconds(10), Duration.ZERO);
        assertThat(strict.newConnection(7)).isFalse();
        now = now.plusSeconds(9);
        assertThat(strict.newConnection(7)).isFalse();
        assertThat(strict.newConnection(7)).isTrue();
    }
}
