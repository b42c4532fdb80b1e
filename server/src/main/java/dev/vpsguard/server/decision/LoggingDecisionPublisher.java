package dev.vpsguard.server.decision;

import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Placeholder until notifications exist: logs each decision. Any other bean replaces it. */
@Singleton
@Secondary
public class LoggingDecisionPublisher implements DecisionPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingDecisionPublisher.class);

    @Override
    public void published(Decision d) {
        LOG.info(
                "Decision {} on guest {} (host {}, vmid {}, block {}): {}",
                d.kind(),
                d.guestId(),
                d.hostId(),
                d.vmid(),
                d.blockId(),
                d.details());
    }
}
