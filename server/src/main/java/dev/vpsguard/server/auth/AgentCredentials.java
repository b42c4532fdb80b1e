package dev.vpsguard.server.auth;

import java.util.Optional;

/**
 * Which host holds an agent's credential. The filter asks this, not the host package, so that
 * {@code auth} sits below every package that checks a {@link Caller}.
 */
public interface AgentCredentials {
    /** The id of the enrolled host holding {@code credential}, if any. */
    Optional<String> hostIdOf(String credential);
}
