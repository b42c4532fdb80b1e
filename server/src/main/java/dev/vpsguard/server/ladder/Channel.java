package dev.vpsguard.server.ladder;

/** How an unblock request arrived (clause S7). The rules are the same whatever the channel. */
public enum Channel {
    /** The signed link in the block notice email. */
    CUSTOMER_LINK,
    /** Support, in the console, acting for the customer. */
    OPERATOR_ON_BEHALF,
    /** The REST API. */
    API
}
