package dev.vpsguard.server.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Map;

/**
 * An audit entry as the API shows it: the fields of {@link AuditRecord}, its {@code detail} as a
 * JSON object ({@link AuditDetail}).
 */
@Introspected
public record AuditView(
        String id,
        Instant at,
        String actor,
        String action,
        @Nullable String target,
        @Nullable Detail detail) {

    /**
     * What the entry says.
     *
     * @param text the words
     * @param evidence the numbers recorded with them (a JSON object), null when there are none
     */
    @Introspected
    public record Detail(
            String text,
            @Nullable
                    @Schema(
                            implementation = Map.class,
                            description = "the numbers recorded with the text")
                    JsonNode evidence) {}

    static AuditView of(AuditRecord r) {
        return new AuditView(
                r.id(), r.at(), r.actor(), r.action(), r.target(), AuditDetail.of(r.detail()));
    }
}
