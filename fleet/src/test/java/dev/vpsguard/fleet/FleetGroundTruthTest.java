package dev.vpsguard.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.fleet.model.GuestProfile;
import dev.vpsguard.fleet.model.SpamThreshold;
import dev.vpsguard.fleet.sim.FleetOptions;
import dev.vpsguard.fleet.sim.FleetSimulator;
import dev.vpsguard.fleet.sim.GroundTruth.BotOutcome;
import dev.vpsguard.fleet.sim.RunSummary;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * 20 simulated hosts of 50 guests, six cycles each, against a real server (in-process Micronaut,
 * its real HTTP server on loopback, in-memory H2: starting the packaged jar would cost more than
 * the run), in lock-step on a virtual clock: every host's cycle is answered before the next cycle
 * starts, so the test needs no sleep and no wall-clock timing. Every spam bot must be blocked in
 * the reply to the report whose window crossed the threshold of the policy the server runs, nothing
 * else blocked, no report refused.
 */
class FleetGroundTruthTest {
    private static final String ADMIN = "fleet-admin-token-0123456789abcdef";

    @Test
    void everySpamBotIsBlockedInTheCrossingReplyAndNothingElse() throws Exception {
        Map<String, Object> props = new HashMap<>();
        props.put(
                "datasources.default.url",
                "jdbc:h2:mem:"
                        + UUID.randomUUID()
                        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        props.put("datasources.default.username", "sa");
        props.put("datasources.default.password", "");
        props.put("micronaut.server.port", -1);
        props.put("micronaut.server.host", "127.0.0.1");
        props.put("vpsguard.bootstrap.admin-token", ADMIN);
        props.put("vpsguard.unblock-link.secret", "fleet-link-secret-0123456789-abcdefghijklmnop");
        props.put("vpsguard.unblock-link.public-url", "http://vpsguard.test");
        SpamThreshold threshold;
        try (InputStream in =
                EmbeddedServer.class.getClassLoader().getResourceAsStream("policies/default.yml")) {
            threshold = SpamThreshold.read(in, "policies/default.yml");
        }
        int hosts = 20;
        int guests = 50;
        long cycles = 6;
        Duration interval = Duration.ofSeconds(5);
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, props)) {
            FleetOptions options =
                    new FleetOptions(
                            URI.create("http://127.0.0.1:" + server.getPort()),
                            ADMIN,
                            hosts,
                            guests,
                            interval,
                            cycles,
                            20261203L,
                            8,
                            Instant.now().minus(interval.multipliedBy(cycles + 2)));
            try (FleetSimulator sim = new FleetSimulator(options, threshold)) {
                long bots = sim.plan().count(GuestProfile.SPAM_BOT);
                assertThat(bots).as("the seed gives spam bots").isGreaterThan(3);
                assertThat(sim.plan().count(GuestProfile.MAIL_SENDER)).isPositive();
                assertThat(sim.plan().count(GuestProfile.MINER)).isPositive();

                sim.enroll();
                sim.run(Duration.ZERO);

                RunSummary summary = RunSummary.of(sim.records(), Long.MIN_VALUE, guests);
                assertThat(summary.errors()).as("failed reports").isEmpty();
                assertThat(summary.accepted()).isEqualTo(hosts * cycles);
                assertThat(sim.truth().examples()).as("ground-truth violations").isEmpty();
                assertThat(sim.truth().bots(BotOutcome.BLOCKED_IN_CROSSING_REPLY)).isEqualTo(bots);
                assertThat(sim.truth().falseBlocks()).isZero();
                assertThat(sim.truth().falseActions()).isZero();
                assertThat(sim.truth().holds()).isTrue();
            }
        }
    }
}
