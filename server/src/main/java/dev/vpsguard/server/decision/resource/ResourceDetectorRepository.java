package dev.vpsguard.server.decision.resource;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** Persisted resource detector states. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface ResourceDetectorRepository extends CrudRepository<ResourceDetectorRow, String> {}
