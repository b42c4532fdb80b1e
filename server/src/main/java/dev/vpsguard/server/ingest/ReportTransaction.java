package dev.vpsguard.server.ingest;

import dev.vpsguard.protocol.Report;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** One report's transaction: store it, then let every {@link ReportListener} act on it. */
@Singleton
public class ReportTransaction {
    private final ReportStore store;
    private final ReportIdentity identity;
    private final List<ReportListener> listeners;

    public ReportTransaction(
            ReportStore store, ReportIdentity identity, List<ReportListener> listeners) {
        this.store = store;
        this.identity = identity;
        this.listeners = listeners;
    }

    /** {@link ReportIdentity#admissible}: false for a duplicate; reads only. */
    @Transactional(readOnly = true)
    public boolean admissible(Report report, String digest, Instant receivedAt) {
        return identity.admissible(report, digest, receivedAt);
    }

    /** {@link ReportStore#store}, then the listeners; empty for a duplicate. */
    @Transactional
    public Optional<StoredReport> storeAndAct(Report report, String digest, Instant receivedAt) {
        Optional<StoredReport> stored = store.store(report, digest, receivedAt);
        stored.ifPresent(s -> listeners.forEach(l -> l.stored(report, s)));
        return stored;
    }
}
