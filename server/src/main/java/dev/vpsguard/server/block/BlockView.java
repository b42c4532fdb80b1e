package dev.vpsguard.server.block;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.api.StoredJson;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/**
 * A block as the API shows it: the fields of {@link BlockRow}, with its evidence as a JSON object.
 */
@Introspected
public record BlockView(
        String id,
        String guestId,
        int seq,
        int strike,
        Instant startedAt,
        Instant minimumUntil,
        String unblockMode,
        @Nullable String clause,
        String state,
        @Nullable Instant scheduledLiftAt,
        @Nullable Instant liftedAt,
        @Nullable String liftedBy,
        @Nullable String liftReason,
        int findingsDuring,
        @Nullable @Schema(implementation = Map.class) JsonNode evidence) {
    public static BlockView of(BlockRow b) {
        return new BlockView(
                b.id(),
                b.guestId(),
                b.seq(),
                b.strike(),
                b.startedAt(),
                b.minimumUntil(),
                b.unblockMode(),
                b.clause(),
                b.state(),
                b.scheduledLiftAt(),
                b.liftedAt(),
                b.liftedBy(),
                b.liftReason(),
                b.findingsDuring(),
                StoredJson.of(b.evidence()));
    }
}
