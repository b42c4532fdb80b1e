package dev.vpsguard.server.guest;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Guests. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface GuestRepository extends CrudRepository<Guest, String> {
    List<Guest> findByHostIdOrderByVmid(String hostId);

    Optional<Guest> findByHostIdAndVmid(String hostId, int vmid);
}
