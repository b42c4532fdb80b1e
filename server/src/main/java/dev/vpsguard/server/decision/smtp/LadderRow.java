package dev.vpsguard.server.decision.smtp;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One guest's SMTP ladder state, persisted.
 *
 * @param guestId the guest
 * @param state {@link dev.vpsguard.server.ladder.SmtpLadderState} as JSON
 * @param version rises by one on every write
 * @param updatedAt when it was last written
 */
@MappedEntity("smtp_ladders")
public record LadderRow(@Id String guestId, String state, long version, Instant updatedAt) {}
