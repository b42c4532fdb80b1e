package dev.vpsguard.server.decision;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One detector finding, numbers only (clause S4).
 *
 * @param id its id
 * @param guestId the guest
 * @param at when the server took it (the server's clock)
 * @param kind {@code spam}, or a resource kind
 * @param score observed / threshold of the strongest rule (above 1)
 * @param evidence the finding, JSON
 */
@MappedEntity("findings")
public record FindingRow(
        @Id String id, String guestId, Instant at, String kind, double score, String evidence) {}
