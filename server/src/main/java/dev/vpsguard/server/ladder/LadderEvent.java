package dev.vpsguard.server.ladder;

import dev.vpsguard.server.detect.SpamFinding;
import java.time.Instant;

/** What can happen to a guest's SMTP ladder. Every event carries its time. */
public sealed interface LadderEvent {
    Instant at();

    /** The detector raised a spam finding. */
    record SpamDetected(Instant at, SpamFinding finding) implements LadderEvent {}

    /** Someone asks to lift the active block (S7). */
    record UnblockRequested(Instant at, Actor actor, Channel channel, String reason)
            implements LadderEvent {}

    /** An operator or admin approves or refuses a queued request; a refusal needs a reason. */
    record OperatorDecided(Instant at, Actor actor, int requestId, boolean approve, String reason)
            implements LadderEvent {}

    /** An admin lifts the active block whatever its rung, with a written reason (S9). */
    record AdminOverride(Instant at, Actor actor, String reason) implements LadderEvent {}

    /** Time passes: scheduled lifts that are due happen. */
    record Tick(Instant at) implements LadderEvent {}
}
