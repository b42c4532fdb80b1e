package dev.vpsguard.server.rollup;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Writes rollups. A bucket can reach the store twice: when it was flushed at shutdown while still
 * open and the server then restarted within the same 5 minutes, or when a late spooled report lands
 * in a bucket already written. The two parts are merged, weighted by sample count.
 */
@Singleton
public class RollupStore {
    private final GuestRollupRepository repository;

    public RollupStore(GuestRollupRepository repository) {
        this.repository = repository;
    }

    @Transactional
    public void write(List<GuestRollup> rollups) {
        for (GuestRollup r : rollups) {
            repository
                    .findByGuestIdAndBucketStart(r.guestId(), r.bucketStart())
                    .ifPresentOrElse(
                            stored -> repository.update(merge(stored, r)),
                            () -> repository.save(r));
        }
    }

    static GuestRollup merge(GuestRollup s, GuestRollup n) {
        int sc = s.sampleCount();
        int nc = n.sampleCount();
        return new GuestRollup(
                s.id(),
                s.guestId(),
                s.bucketStart(),
                sc + nc,
                Stat.mergeAvg(s.cpuCoresAvg(), sc, n.cpuCoresAvg(), nc),
                Stat.mergeMax(s.cpuCoresMax(), n.cpuCoresMax()),
                Stat.mergeAvg(s.memoryUsedBytesAvg(), sc, n.memoryUsedBytesAvg(), nc),
                Stat.mergeMax(s.memoryUsedBytesMax(), n.memoryUsedBytesMax()),
                Stat.mergeAvg(s.diskReadBpsAvg(), sc, n.diskReadBpsAvg(), nc),
                Stat.mergeMax(s.diskReadBpsMax(), n.diskReadBpsMax()),
                Stat.mergeAvg(s.diskWriteBpsAvg(), sc, n.diskWriteBpsAvg(), nc),
                Stat.mergeMax(s.diskWriteBpsMax(), n.diskWriteBpsMax()),
                Stat.mergeAvg(s.netTxBpsAvg(), sc, n.netTxBpsAvg(), nc),
                Stat.mergeMax(s.netTxBpsMax(), n.netTxBpsMax()),
                Stat.mergeAvg(s.netRxBpsAvg(), sc, n.netRxBpsAvg(), nc),
                Stat.mergeMax(s.netRxBpsMax(), n.netRxBpsMax()),
                s.smtpNewConnections() + n.smtpNewConnections(),
                s.smtpUnreplied() + n.smtpUnreplied());
    }
}
