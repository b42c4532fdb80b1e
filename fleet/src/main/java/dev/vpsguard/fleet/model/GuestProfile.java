package dev.vpsguard.fleet.model;

/** What a simulated guest does, which decides its samples and what the server should do to it. */
public enum GuestProfile {
    /** Idle or lightly used: a few percent of a core, no mail. */
    QUIET,
    /** A busy web server: a core or so, steady egress, a password-reset mail now and then. */
    WEB,
    /** A small mail server: a few port-25 connections every window, almost all delivered. */
    MAIL_SENDER,
    /** Quiet until its storm starts, then many connections, most unanswered: must be blocked. */
    SPAM_BOT,
    /** All its cores busy, no mail: resource abuse, never an SMTP block. */
    MINER
}
