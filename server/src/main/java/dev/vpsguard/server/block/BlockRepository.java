package dev.vpsguard.server.block;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** SMTP blocks. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface BlockRepository extends CrudRepository<BlockRow, String> {
    List<BlockRow> findByStateOrderByStartedAt(String state);

    /** One page of the blocks in {@code state}, oldest first. */
    @Query(
            "SELECT * FROM blocks WHERE state = :state ORDER BY started_at, id"
                    + " LIMIT :limit OFFSET :offset")
    List<BlockRow> pageByState(String state, int limit, long offset);

    /** One page of all blocks, oldest first. */
    @Query("SELECT * FROM blocks ORDER BY started_at, id LIMIT :limit OFFSET :offset")
    List<BlockRow> page(int limit, long offset);

    List<BlockRow> findByGuestIdOrderBySeq(String guestId);

    Optional<BlockRow> findByGuestIdAndSeq(String guestId, int seq);
}
