package dev.vpsguard.server.notify.link;

import dev.vpsguard.server.decision.smtp.UnblockService;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.TemplateSet;
import dev.vpsguard.server.notify.TextFormats;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The HTML pages behind the customer's unblock link, in French or English: the request form and the
 * result pages (invalid, expired, already used, block no longer active, outcome). Templates under
 * {@code templates/unblock/<lang>/}, overridable like the mail templates. Every value is
 * HTML-escaped.
 */
public final class UnblockPageRenderer {
    /** What happened to a request, as shown to the customer. */
    public enum Outcome {
        /** Port 25 is open again now. */
        GRANTED,
        /** Accepted; port 25 reopens at the block's minimum end. */
        SCHEDULED,
        /** Refused, with a reason and the clause. */
        REFUSED,
        /** Recorded; support decides and the customer gets a mail. */
        RECEIVED
    }

    private final TemplateSet templates;
    private final ZoneId zone;
    private final String supportAddress;

    public UnblockPageRenderer(TemplateSet templates, ZoneId zone, String supportAddress) {
        this.templates = templates;
        this.zone = zone;
        this.supportAddress = supportAddress;
    }

    /** What the customer typed into the form and what was wrong with it. */
    public enum FormError {
        /** The "cause fixed" box was not ticked ({@code confirmFixed}). */
        CONFIRM_MISSING,
        /** The description is missing or shorter than {@link #MIN_DESCRIPTION}. */
        DESCRIPTION_MISSING,
        /** The description is longer than {@link #MAX_DESCRIPTION}. */
        DESCRIPTION_TOO_LONG,
        /** The description arrived with malformed percent-escapes (not sent by a browser). */
        DESCRIPTION_UNREADABLE
    }

    /** The shortest description accepted, in characters (after trimming). */
    public static final int MIN_DESCRIPTION = 10;

    /** The longest description accepted, in characters: the unblock service's limit. */
    public static final int MAX_DESCRIPTION = UnblockService.MAX_REASON;

    /**
     * The form: shows the block and asks the customer to confirm the cause is fixed and to describe
     * what they did. It posts {@code confirmFixed=yes} and {@code description} to {@code
     * formAction}.
     */
    public String form(
            Language lang,
            Notification.Guest guest,
            Notification.Block block,
            int strike,
            String formAction) {
        return form(lang, guest, block, strike, formAction, null, "", Set.of());
    }

    /**
     * The form, with what happens next as of {@code now} (a request before the minimum's end is
     * scheduled, after it granted at once; an operator rung goes to support; a refused rung is
     * refused), and, when {@code errors} is not empty, the customer's text back with what is wrong.
     *
     * @param now the server's time; null reads as before the minimum's end
     */
    public String form(
            Language lang,
            Notification.Guest guest,
            Notification.Block block,
            int strike,
            String formAction,
            Instant now,
            String description,
            Set<FormError> errors) {
        Map<String, Object> m = base(lang, guest, block, strike);
        m.put("formAction", formAction);
        String mode = block.unblockMode();
        boolean passed = now != null && !now.isBefore(block.minimumUntil());
        m.put("onRequest", "on_request".equals(mode));
        m.put("minimumPassed", passed);
        m.put("minimumAhead", !passed);
        m.put("operatorReview", "operator".equals(mode));
        m.put("requestsRefused", block.refusesRequests());
        m.put("description", description == null ? "" : description);
        m.put("minDescription", MIN_DESCRIPTION);
        m.put("maxDescription", MAX_DESCRIPTION);
        m.put("hasErrors", !errors.isEmpty());
        m.put("errorConfirm", errors.contains(FormError.CONFIRM_MISSING));
        m.put("errorDescriptionMissing", errors.contains(FormError.DESCRIPTION_MISSING));
        m.put("errorDescriptionTooLong", errors.contains(FormError.DESCRIPTION_TOO_LONG));
        m.put("errorDescriptionUnreadable", errors.contains(FormError.DESCRIPTION_UNREADABLE));
        return templates.render(lang, "form.html", m);
    }

    /** The page for an authentic link whose block has ended (or no longer exists). */
    public String inactive(
            Language lang, Notification.Guest guest, Notification.Block block, int strike) {
        return templates.render(lang, "inactive.html", base(lang, guest, block, strike));
    }

    /** The page for a link that was refused: malformed or tampered, expired, or already used. */
    public String rejected(Language lang, LinkCheck.Reason reason) {
        String page =
                switch (reason) {
                    case MALFORMED, TAMPERED -> "invalid.html";
                    case EXPIRED -> "expired.html";
                    case ALREADY_USED -> "used.html";
                };
        return templates.render(lang, page, base(lang, null, null, 0));
    }

    /** The result of a request. {@code reason} is shown for refusals (and notes otherwise). */
    public String outcome(
            Language lang,
            Outcome outcome,
            Notification.Guest guest,
            Notification.Block block,
            int strike,
            String reason) {
        Map<String, Object> m = base(lang, guest, block, strike);
        m.put("granted", outcome == Outcome.GRANTED);
        m.put("scheduled", outcome == Outcome.SCHEDULED);
        m.put("refused", outcome == Outcome.REFUSED);
        m.put("received", outcome == Outcome.RECEIVED);
        m.put("reason", reason == null ? "" : reason);
        m.put("hasReason", reason != null && !reason.isBlank());
        return templates.render(lang, "outcome.html", m);
    }

    private Map<String, Object> base(
            Language lang, Notification.Guest guest, Notification.Block block, int strike) {
        TextFormats fmt = new TextFormats(lang, zone);
        Map<String, Object> m = new HashMap<>();
        m.put("lang", lang.code());
        m.put("supportAddress", supportAddress);
        m.put("timeZone", zone.getId());
        m.put("strike", strike);
        if (guest != null) {
            m.put("guestName", guest.name());
            m.put("vmid", guest.vmid());
            m.put("ips", guest.ips().isEmpty() ? "-" : String.join(", ", guest.ips()));
        }
        if (block != null) {
            m.put("blockId", block.id());
            m.put("blockStartedAt", fmt.date(block.startedAt()));
            m.put("minimumUntil", fmt.date(block.minimumUntil()));
            m.put(
                    "minimumDuration",
                    fmt.duration(Duration.between(block.startedAt(), block.minimumUntil())));
            m.put("clause", block.clause() == null ? "powerpos Article 8" : block.clause());
        }
        return m;
    }
}
