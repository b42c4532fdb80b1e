package dev.vpsguard.server.console.access;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

/** Console users. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ConsoleUserRepository extends CrudRepository<ConsoleUser, String> {
    Optional<ConsoleUser> findByUsername(String username);

    List<ConsoleUser> findAllOrderByUsername();
}
