package dev.vpsguard.server.action;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.api.StoredJson;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/**
 * An action as the API shows it: the fields of {@link ActionRow}, with its parameters as a JSON
 * object instead of JSON inside a string.
 */
@Introspected
public record ActionDetail(
        String id,
        String hostId,
        String guestId,
        int vmid,
        String type,
        @Nullable @Schema(implementation = Map.class) JsonNode params,
        @Nullable String notice,
        String state,
        @Nullable String detail,
        Instant since,
        @Nullable String decisionRef,
        Instant createdAt,
        @Nullable Instant liftedAt) {
    public static ActionDetail of(ActionRow a) {
        return new ActionDetail(
                a.id(),
                a.hostId(),
                a.guestId(),
                a.vmid(),
                a.type(),
                StoredJson.of(a.params()),
                a.notice(),
                a.state(),
                a.detail(),
                a.since(),
                a.decisionRef(),
                a.createdAt(),
                a.liftedAt());
    }
}
