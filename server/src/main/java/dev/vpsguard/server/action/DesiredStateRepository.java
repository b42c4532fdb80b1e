package dev.vpsguard.server.action;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** Desired-state versions per host. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface DesiredStateRepository extends CrudRepository<DesiredStateRow, String> {}
