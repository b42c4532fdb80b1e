package dev.vpsguard.protocol;

/**
 * An agent's request to exchange a one-time enrolment token for a host credential.
 *
 * @param token the one-time enrolment token an admin received when creating the host
 * @param hostname the host's name as the agent sees it (informational)
 * @param agentVersion the agent's version (informational, nullable)
 */
public record EnrollRequest(String token, String hostname, String agentVersion) {
    public EnrollRequest {
        Check.requiredText(token, 256, "token");
        Check.requiredText(hostname, 253, "hostname");
        Check.text(agentVersion, 64, "agentVersion");
    }
}
