package dev.vpsguard.server.rollup;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** 5-minute rollups. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface GuestRollupRepository extends CrudRepository<GuestRollup, String> {
    Optional<GuestRollup> findByGuestIdAndBucketStart(String guestId, Instant bucketStart);

    List<GuestRollup> findByGuestIdOrderByBucketStart(String guestId);

    /** The guest's buckets starting at or after {@code from}, oldest first. */
    List<GuestRollup> findByGuestIdAndBucketStartGreaterThanEqualsOrderByBucketStart(
            String guestId, Instant from);

    /** These guests' buckets starting at or after {@code from}, oldest first. */
    List<GuestRollup> findByGuestIdInAndBucketStartGreaterThanEqualsOrderByBucketStart(
            Collection<String> guestIds, Instant from);
}
