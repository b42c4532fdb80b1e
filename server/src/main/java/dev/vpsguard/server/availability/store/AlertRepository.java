package dev.vpsguard.server.availability.store;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** Support alerts already sent. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface AlertRepository extends CrudRepository<AlertRow, String> {}
