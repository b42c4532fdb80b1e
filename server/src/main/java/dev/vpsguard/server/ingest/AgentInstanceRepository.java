package dev.vpsguard.server.ingest;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;

/** The agent instances of each host. */
@JdbcRepository(dialect = Dialect.ANSI)
public interface AgentInstanceRepository extends CrudRepository<AgentInstanceRow, String> {
    Optional<AgentInstanceRow> findByHostIdAndAgentInstance(String hostId, String agentInstance);
}
