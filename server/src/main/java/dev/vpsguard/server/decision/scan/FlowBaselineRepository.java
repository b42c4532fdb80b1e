package dev.vpsguard.server.decision.scan;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** Persisted fan-out baselines. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface FlowBaselineRepository extends CrudRepository<FlowBaselineRow, String> {}
