package dev.vpsguard.server.decision.filter;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** What each host's agent has shown it understands. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface AgentFeatureRepository extends CrudRepository<AgentFeatureRow, String> {}
