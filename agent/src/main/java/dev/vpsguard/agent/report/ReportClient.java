package dev.vpsguard.agent.report;

import dev.vpsguard.agent.client.HttpPostClient;
import dev.vpsguard.agent.client.HttpReply;
import dev.vpsguard.protocol.InvalidMessageException;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.ReportReply;
import java.io.IOException;
import java.util.Map;

/** Sends encoded reports to {@code POST /api/v1/reports} and classifies the answer. */
public final class ReportClient {
    /** The report endpoint, under the server's base URL. */
    public static final String PATH = "/api/v1/reports";

    private final HttpPostClient http;
    private final Map<String, String> headers;

    public ReportClient(HttpPostClient http, HostCredential credential) {
        this.http = http;
        this.headers =
                Map.of(
                        "Content-Type", "application/json",
                        "Content-Encoding", "gzip",
                        "Authorization", "Bearer " + credential.credential());
    }

    /**
     * Sends one gzip-encoded report. Never throws: transport errors are a {@link
     * SendOutcome.Retry}.
     */
    public SendOutcome send(byte[] gzipJson) {
        HttpReply reply;
        try {
            reply = http.post(PATH, gzipJson, headers);
        } catch (IOException e) {
            return new SendOutcome.Retry("server unreachable: " + e.getMessage(), "unreachable");
        }
        return classify(reply);
    }

    /** Maps an HTTP answer to what the loop does with the report. */
    static SendOutcome classify(HttpReply reply) {
        int s = reply.status();
        if (s >= 200 && s < 300) {
            try {
                return new SendOutcome.Accepted(ProtocolJson.read(reply.body(), ReportReply.class));
            } catch (InvalidMessageException e) {
                return new SendOutcome.Unconfirmed(
                        s, "unreadable", e.getMessage() + "; reply began: " + reply.bodyText(200));
            }
        }
        if (s == 401) {
            return new SendOutcome.Retry(
                    "server refused the host credential (401): check the credential file or enroll"
                            + " again; reports are kept in the spool meanwhile. Server said: "
                            + reply.bodyText(300),
                    "unauthorized");
        }
        if (s == 408 || s == 429) {
            return new SendOutcome.Retry("server asked to slow down (" + s + ")", "throttled");
        }
        if (s >= 500) {
            return new SendOutcome.Retry(
                    "server error " + s + ": " + reply.bodyText(200), "server_error");
        }
        if (s >= 400) {
            return new SendOutcome.Rejected(s, reply.bodyText(1000));
        }
        return new SendOutcome.Retry(
                "unexpected answer " + s + " (is server.url right?): " + reply.bodyText(200),
                "unexpected");
    }

    /** Cuts a send in flight (shutdown); the report stays in the spool. */
    public void abort() {
        http.abort();
    }
}
