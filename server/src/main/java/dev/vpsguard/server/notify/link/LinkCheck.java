package dev.vpsguard.server.notify.link;

/** The result of checking an unblock link: the claims, or why it is refused. */
public sealed interface LinkCheck {

    /** The link is authentic, unexpired and (when checked) unused. */
    record Valid(UnblockClaims claims) implements LinkCheck {}

    /** The link is refused. */
    record Rejected(Reason reason) implements LinkCheck {}

    /** Why a link is refused; each has its own page. */
    enum Reason {
        /** Not a link this server produced: wrong shape, bad encoding. */
        MALFORMED,
        /** Well-formed but the signature does not match: altered or signed with another key. */
        TAMPERED,
        /** Authentic but past its expiry. */
        EXPIRED,
        /** Authentic and unexpired but already used for a request. */
        ALREADY_USED
    }
}
