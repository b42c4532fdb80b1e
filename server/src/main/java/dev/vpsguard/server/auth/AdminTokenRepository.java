package dev.vpsguard.server.auth;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;

/** Admin tokens. ANSI SQL, so the same generated queries run on H2 and PostgreSQL. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface AdminTokenRepository extends CrudRepository<AdminToken, String> {
    Optional<AdminToken> findByTokenHash(String tokenHash);
}
