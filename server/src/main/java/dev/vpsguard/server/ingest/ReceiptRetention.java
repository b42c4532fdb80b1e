package dev.vpsguard.server.ingest;

import io.micronaut.context.annotation.Context;
import io.micronaut.scheduling.annotation.Scheduled;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes report receipts older than {@code vpsguard.ingest.receipt-retention}. Each instance's
 * last report stays known in {@code agent_instances} whatever the retention, so the report an agent
 * resends after a lost reply is recognised even after a long server outage.
 */
// @Context: built at startup, so a bad retention stops the server at once.
@Context
public class ReceiptRetention {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiptRetention.class);

    private final ReportReceiptRepository receipts;
    private final Clock clock;
    private final Duration retention;

    public ReceiptRetention(ReportReceiptRepository receipts, IngestConfig config, Clock clock) {
        if (config.receiptRetention().compareTo(Duration.ofMinutes(1)) < 0) {
            throw new IllegalArgumentException(
                    "vpsguard.ingest.receipt-retention = "
                            + config.receiptRetention()
                            + ": must be at least 1m");
        }
        this.receipts = receipts;
        this.clock = clock;
        this.retention = config.receiptRetention();
    }

    /** Deletes the receipts that left the retention; returns how many. */
    @Scheduled(fixedDelay = "10m", initialDelay = "1m")
    public int prune() {
        try {
            return receipts.deleteByReceivedAtLessThan(clock.instant().minus(retention));
        } catch (RuntimeException e) {
            LOG.warn("Could not prune old report receipts: {}", e.toString());
            return 0;
        }
    }
}
