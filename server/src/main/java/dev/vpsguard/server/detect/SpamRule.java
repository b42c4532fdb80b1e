package dev.vpsguard.server.detect;

/** The spam rules of {@link SpamDetector}; a finding names every rule that fired. */
public enum SpamRule {
    /** New connections in the last minute above the burst threshold. */
    BURST,
    /** Distinct destination addresses in the last 10 minutes above the fan-out threshold. */
    FAN_OUT_DESTINATIONS,
    /** Distinct destination prefixes in the last 10 minutes above the fan-out threshold. */
    FAN_OUT_PREFIXES,
    /** (unreplied + reset/refused) / new connections in the last 10 minutes above the maximum. */
    FAILURE_RATIO,
    /** The last minute far above the guest's own baseline. */
    ANOMALY
}
