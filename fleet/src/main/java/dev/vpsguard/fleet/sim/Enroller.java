package dev.vpsguard.fleet.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vpsguard.agent.client.HttpPostClient;
import dev.vpsguard.agent.client.HttpReply;
import dev.vpsguard.agent.report.HostCredential;
import dev.vpsguard.protocol.EnrollRequest;
import dev.vpsguard.protocol.EnrollResponse;
import dev.vpsguard.protocol.InvalidMessageException;
import dev.vpsguard.protocol.ProtocolJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Makes a host known to the server the way an operator and an agent do: the admin API creates the
 * host and its one-time token ({@code POST /api/v1/hosts}), then the agent's enrolment request
 * ({@code POST /api/v1/enroll}, as {@code vpsguard-agent enroll} sends it) exchanges the token for
 * the host credential.
 */
public final class Enroller {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpPostClient http;
    private final String adminToken;

    public Enroller(HttpPostClient http, String adminToken) {
        this.http = http;
        this.adminToken = adminToken;
    }

    /** Creates and enrols host {@code name}; returns its credential. */
    public HostCredential enroll(String name) throws IOException {
        HttpReply created =
                http.post(
                        "/api/v1/hosts",
                        JSON.writeValueAsBytes(Map.of("name", name)),
                        Map.of(
                                "Content-Type",
                                "application/json",
                                "Authorization",
                                "Bearer " + adminToken));
        if (created.status() != 201) {
            throw new IOException(
                    "creating host "
                            + name
                            + " answered "
                            + created.status()
                            + ": "
                            + created.bodyText(300));
        }
        JsonNode host = JSON.readTree(created.body());
        String token = host.path("enrollmentToken").asText();
        HttpReply reply =
                http.post(
                        "/api/v1/enroll",
                        ProtocolJson.write(new EnrollRequest(token, name, "fleet-simulator")),
                        Map.of("Content-Type", "application/json"));
        if (reply.status() != 200 && reply.status() != 201) {
            throw new IOException(
                    "enrolling "
                            + name
                            + " answered "
                            + reply.status()
                            + ": "
                            + reply.bodyText(300));
        }
        try {
            EnrollResponse res = ProtocolJson.read(reply.body(), EnrollResponse.class);
            return new HostCredential(res.hostId(), res.credential());
        } catch (InvalidMessageException e) {
            throw new IOException(
                    "enrolment answer for "
                            + name
                            + " is not valid: "
                            + new String(reply.body(), StandardCharsets.UTF_8),
                    e);
        }
    }
}
