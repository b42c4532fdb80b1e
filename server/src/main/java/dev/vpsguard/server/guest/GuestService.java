package dev.vpsguard.server.guest;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.InvalidMessageException;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.api.ApiException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading guests with their samples. */
@Singleton
public class GuestService {
    private static final Logger LOG = LoggerFactory.getLogger(GuestService.class);

    private final GuestRepository guests;
    private final RecentSamples recent;

    public GuestService(GuestRepository guests, RecentSamples recent) {
        this.guests = guests;
        this.recent = recent;
    }

    /** Guest statuses, the values of {@code state=}. */
    static final java.util.Set<String> STATES = java.util.Set.of("running", "stopped", "unknown");

    /** Guests by host then vmid, filtered by host, tenant and state (null: any). */
    public List<GuestView> list(
            @Nullable String hostId,
            @Nullable String tenantId,
            @Nullable String state,
            dev.vpsguard.server.api.Paging paging) {
        if (state != null && !STATES.contains(state)) {
            throw ApiException.invalidField(
                    "state", "must be one of " + new java.util.TreeSet<>(STATES));
        }
        return guests
                .page(
                        hostId == null ? "" : hostId,
                        tenantId == null ? "" : tenantId,
                        state == null ? "" : state,
                        paging.limit(),
                        paging.offset())
                .stream()
                .map(GuestView::of)
                .toList();
    }

    /** One guest, its latest sample and the samples held in memory. */
    public GuestDetail get(String id) {
        Guest guest =
                guests.findById(id).orElseThrow(() -> ApiException.notFound("no guest " + id));
        List<TimedSample> samples = recent.of(id);
        TimedSample latest =
                samples.isEmpty() ? storedLatest(guest) : samples.get(samples.size() - 1);
        return new GuestDetail(GuestView.of(guest), latest, samples);
    }

    /** After a restart the memory is empty; the guest row still has its last sample. */
    private static TimedSample storedLatest(Guest guest) {
        if (guest.lastSample() == null) {
            return null;
        }
        try {
            GuestSample sample =
                    ProtocolJson.read(
                            guest.lastSample().getBytes(StandardCharsets.UTF_8), GuestSample.class);
            // The sample is rewritten once a minute, not at every report: show its own time.
            Instant at = guest.lastSampleAt() == null ? guest.lastSeenAt() : guest.lastSampleAt();
            return new TimedSample(at, sample);
        } catch (InvalidMessageException e) {
            // Stored by an older server whose protocol reader was laxer: show no sample.
            LOG.warn("Stored sample of guest {} no longer reads: {}", guest.id(), e.getMessage());
            return null;
        }
    }
}
