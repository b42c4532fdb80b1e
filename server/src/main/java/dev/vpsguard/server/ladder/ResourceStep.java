package dev.vpsguard.server.ladder;

/** The steps of the resource ladder (R2, R3, R6), mildest first. */
public enum ResourceStep {
    /** Email the customer (and alert support) that a quota is exceeded. */
    WARN,
    /** Limit the resource: CPU cap, or egress/packet rate (never below the guaranteed rate, R4). */
    THROTTLE,
    /** Cut the guest's network except its allowed destinations: the last step for network abuse. */
    ISOLATE,
    /** Suspend the guest: the last step for CPU and disk abuse. */
    SUSPEND
}
