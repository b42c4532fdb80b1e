package dev.vpsguard.server.detect;

/**
 * The spam rules of {@link SpamDetector}; a finding names every rule that fired. A rule either
 * {@linkplain #blocks() blocks} the port or only raises a finding for support and the customer:
 * volume alone, however unusual, is a reason to ask, not proof of spam (docs/policies.md).
 */
public enum SpamRule {
    /** New connections in the last minute above the burst threshold. Finding only. */
    BURST(false),
    /** Distinct destination addresses in the last 10 minutes above the fan-out threshold. */
    FAN_OUT_DESTINATIONS(true),
    /** Distinct destination prefixes in the last 10 minutes above the fan-out threshold. */
    FAN_OUT_PREFIXES(true),
    /** (unreplied + reset/refused) / new connections in the last 10 minutes above the maximum. */
    FAILURE_RATIO(true),
    /** The last minute far above the guest's own baseline. Finding only. */
    ANOMALY(false),
    /** New connections in the last minute above the absolute ceiling. */
    CEILING(true);

    private final boolean blocks;

    SpamRule(boolean blocks) {
        this.blocks = blocks;
    }

    /** Whether this rule, once past the hysteresis, blocks the guest's port 25. */
    public boolean blocks() {
        return blocks;
    }
}
