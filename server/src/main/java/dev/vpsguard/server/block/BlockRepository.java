package dev.vpsguard.server.block;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** SMTP blocks. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface BlockRepository extends CrudRepository<BlockRow, String> {
    List<BlockRow> findByStateOrderByStartedAt(String state);

    List<BlockRow> findByGuestIdOrderBySeq(String guestId);

    Optional<BlockRow> findByGuestIdAndSeq(String guestId, int seq);
}
