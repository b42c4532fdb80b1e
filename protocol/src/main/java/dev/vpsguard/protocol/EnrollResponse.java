package dev.vpsguard.protocol;

/**
 * The host credential, returned once. The server keeps only its hash.
 *
 * @param hostId the host's id, to put in every report
 * @param credential the bearer token for {@code POST /api/v1/reports}
 */
public record EnrollResponse(String hostId, String credential) {
    public EnrollResponse {
        Check.hostId(hostId, "hostId");
        Check.requiredText(credential, 256, "credential");
    }
}
