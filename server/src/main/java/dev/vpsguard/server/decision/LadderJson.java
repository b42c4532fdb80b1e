package dev.vpsguard.server.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.ladder.SmtpLadderState;
import java.io.UncheckedIOException;

/** The stored form of a ladder state and of evidence: JSON with the protocol's mapper. */
public final class LadderJson {
    private LadderJson() {}

    public static String write(Object value) {
        try {
            return ProtocolJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SmtpLadderState read(String json) {
        try {
            return ProtocolJson.mapper().readValue(json, SmtpLadderState.class);
        } catch (JsonProcessingException e) {
            // Written by this server: a state that no longer reads is a bug, not bad input.
            throw new IllegalStateException("stored ladder state does not read: " + e, e);
        }
    }
}
