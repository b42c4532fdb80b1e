package dev.vpsguard.server.notify.link;

import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.block.BlockRepository;
import dev.vpsguard.server.block.BlockRow;
import dev.vpsguard.server.decision.smtp.UnblockService;
import dev.vpsguard.server.guest.Guest;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.ladder.Actor;
import dev.vpsguard.server.ladder.Channel;
import dev.vpsguard.server.ladder.Role;
import dev.vpsguard.server.notify.Language;
import dev.vpsguard.server.notify.Notification;
import dev.vpsguard.server.notify.NotificationGuests;
import dev.vpsguard.server.notify.link.UnblockPageRenderer.FormError;
import dev.vpsguard.server.tenant.TenantRepository;
import dev.vpsguard.server.tenant.TenantService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the customer's unblock link answers (contract S7), as status and HTML: the checks of the
 * link, the form, and the request made with it through {@link UnblockService}, the service the API
 * uses, so the ladder's rules are the same. Looking at the form changes nothing; only a valid
 * submission uses the link, in the transaction that records the request.
 *
 * <p>Statuses: 200 form and outcome; 400 a token that is not one of ours, or a form with a missing
 * or wrong field (the form again, naming it); 403 a token whose signature does not match, or whose
 * claims do not match the stored block; 410 an expired link, a used one, or one whose block has
 * ended.
 */
@Singleton
public class UnblockPages {
    /** The result of checking a link: a page to answer with, or the block to show. */
    private sealed interface Checked permits Page, Target {}

    /** An answer: HTTP status and HTML page. */
    public record Page(int status, String html) implements Checked {}

    /** The link checked against the database, ready for the form. */
    private record Target(
            UnblockClaims claims,
            BlockRow block,
            Notification.Guest guest,
            Notification.Block shown,
            Language lang,
            @Nullable String tenantId)
            implements Checked {}

    /** Thrown inside the request's transaction to roll it back: a concurrent submit won. */
    private static final class LinkAlreadyUsed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LinkAlreadyUsed() {
            super("unblock link already used", null, false, false);
        }
    }

    private final UnblockLinkSigner signer;
    private final UsedNonceStore usedNonces;
    private final UnblockPageRenderer renderer;
    private final BlockRepository blocks;
    private final GuestRepository guests;
    private final TenantRepository tenantRepository;
    private final TenantService tenants;
    private final UnblockService unblocks;
    private final AuditLog audit;
    private final TransactionOperations<Connection> transactions;
    private final Clock clock;

    UnblockPages(
            UnblockLinkSigner signer,
            UsedNonceStore usedNonces,
            UnblockPageRenderer renderer,
            BlockRepository blocks,
            GuestRepository guests,
            TenantRepository tenantRepository,
            TenantService tenants,
            UnblockService unblocks,
            AuditLog audit,
            TransactionOperations<Connection> transactions,
            Clock clock) {
        this.signer = signer;
        this.usedNonces = usedNonces;
        this.renderer = renderer;
        this.blocks = blocks;
        this.guests = guests;
        this.tenantRepository = tenantRepository;
        this.tenants = tenants;
        this.unblocks = unblocks;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    /**
     * The page for {@code GET /unblock/{token}}: the form, or why the link cannot be used.
     *
     * @param fallback the language when the link names no tenant (invalid links, guests without a
     *     tenant): from the browser's {@code Accept-Language}, French by default
     */
    public Page show(String token, Language fallback) {
        Checked checked = check(token, fallback);
        if (checked instanceof Page p) {
            return p;
        }
        return form((Target) checked, token, HttpStatus.OK, "", Set.of());
    }

    /**
     * The page for {@code POST /unblock/{token}}: records the request and shows its outcome; or the
     * form again with what is wrong (nothing recorded, the link still works); or why the link
     * cannot be used.
     *
     * @param confirmFixed the {@code confirmFixed} field ({@code yes}), or null
     * @param description the {@code description} field, or null
     * @param descriptionUnreadable the {@code description} field came with malformed escapes
     */
    public Page submit(
            String token,
            @Nullable String confirmFixed,
            @Nullable String description,
            boolean descriptionUnreadable,
            Language fallback) {
        Checked checked = check(token, fallback);
        if (checked instanceof Page p) {
            return p;
        }
        Target t = (Target) checked;
        // Browsers send a textarea's line breaks as CRLF but count them as one character.
        String text = description == null ? "" : description.replace("\r\n", "\n").strip();
        Set<FormError> errors = EnumSet.noneOf(FormError.class);
        if (confirmFixed == null || !(confirmFixed.equals("yes") || confirmFixed.equals("on"))) {
            errors.add(FormError.CONFIRM_MISSING);
        }
        if (descriptionUnreadable) {
            errors.add(FormError.DESCRIPTION_UNREADABLE);
        } else if (text.length() < UnblockPageRenderer.MIN_DESCRIPTION) {
            errors.add(FormError.DESCRIPTION_MISSING);
        } else if (text.length() > UnblockPageRenderer.MAX_DESCRIPTION) {
            errors.add(FormError.DESCRIPTION_TOO_LONG);
        }
        if (!errors.isEmpty()) {
            return form(t, token, HttpStatus.BAD_REQUEST, text, errors);
        }
        UnblockService.Outcome outcome;
        try {
            outcome = record(t, text);
        } catch (LinkAlreadyUsed e) {
            return rejected(t.lang(), LinkCheck.Reason.ALREADY_USED);
        } catch (ApiException e) {
            // The block ended between the check and the request (a scheduled lift, an operator):
            // the transaction rolled back, so the link was not used.
            if (e.status() == HttpStatus.CONFLICT || e.status() == HttpStatus.NOT_FOUND) {
                return inactive(t);
            }
            throw e;
        }
        UnblockPageRenderer.Outcome shown =
                switch (outcome.outcome()) {
                    case "granted" -> UnblockPageRenderer.Outcome.GRANTED;
                    case "scheduled" -> UnblockPageRenderer.Outcome.SCHEDULED;
                    case "refused" -> UnblockPageRenderer.Outcome.REFUSED;
                    default -> UnblockPageRenderer.Outcome.RECEIVED;
                };
        // The ladder's reasons are English text for operators; the page states the outcome, the
        // block and its clause in the customer's language instead.
        return new Page(
                HttpStatus.OK.getCode(),
                renderer.outcome(t.lang(), shown, t.guest(), t.shown(), t.block().strike(), null));
    }

    /**
     * Uses the link and records the request in one transaction: the nonce first, so that of two
     * concurrent submits the second fails before it asks anything; a request the service refuses to
     * record (block no longer active) rolls the nonce back with it.
     */
    private UnblockService.Outcome record(Target t, String text) {
        Actor customer =
                new Actor(
                        t.tenantId() == null ? "customer" : "customer:" + t.tenantId(),
                        Role.CUSTOMER);
        return transactions.executeWrite(
                status -> {
                    if (!usedNonces.markUsed(status.getConnection(), t.claims(), clock.instant())) {
                        throw new LinkAlreadyUsed();
                    }
                    UnblockService.Outcome o =
                            unblocks.request(t.block().id(), customer, Channel.CUSTOMER_LINK, text);
                    audit.record(
                            customer.id(),
                            "unblock_link.used",
                            t.block().guestId(),
                            "block "
                                    + t.block().id()
                                    + " (strike "
                                    + t.block().strike()
                                    + "): request "
                                    + o.requestId()
                                    + " "
                                    + o.outcome()
                                    + "; link nonce "
                                    + t.claims().nonce()
                                    + ", expiring "
                                    + t.claims().expiresAt());
                    return o;
                });
    }

    /** The link checked against the signature, the clock, the used nonces and the database. */
    private Checked check(String token, Language fallback) {
        LinkCheck check = signer.verify(token);
        if (check instanceof LinkCheck.Rejected r) {
            Language lang = fallback;
            if (r.reason() == LinkCheck.Reason.EXPIRED) {
                lang =
                        signer.authenticClaims(token)
                                .flatMap(c -> blocks.findById(c.blockId()))
                                .map(b -> languageOfGuest(b.guestId(), fallback))
                                .orElse(fallback);
            }
            return rejected(lang, r.reason());
        }
        UnblockClaims claims = ((LinkCheck.Valid) check).claims();
        Optional<BlockRow> block = blocks.findById(claims.blockId());
        Optional<Guest> guest = block.flatMap(b -> guests.findById(b.guestId()));
        if (guest.isEmpty()
                || !claims.guestKey().equals(guest.get().hostId() + "/" + guest.get().vmid())) {
            // Signed by this server, but for nothing it knows: as good as altered.
            return rejected(fallback, LinkCheck.Reason.TAMPERED);
        }
        BlockRow b = block.get();
        String tenantId = tenantRepository.tenantOfGuest(b.guestId()).orElse(null);
        Target t =
                new Target(
                        claims,
                        b,
                        NotificationGuests.of(guest.get().vmid(), guest),
                        new Notification.Block(
                                b.id(),
                                b.startedAt(),
                                b.minimumUntil(),
                                b.unblockMode(),
                                b.clause()),
                        languageOf(tenantId, fallback),
                        tenantId);
        // Used first: a link whose request lifted the block says "already used", not "ended".
        if (usedNonces.isUsed(claims.nonce())) {
            return rejected(t.lang(), LinkCheck.Reason.ALREADY_USED);
        }
        if (!BlockRow.ACTIVE.equals(b.state())) {
            return inactive(t);
        }
        return t;
    }

    private Page rejected(Language lang, LinkCheck.Reason reason) {
        HttpStatus status =
                switch (reason) {
                    case MALFORMED -> HttpStatus.BAD_REQUEST;
                    case TAMPERED -> HttpStatus.FORBIDDEN;
                    case EXPIRED, ALREADY_USED -> HttpStatus.GONE;
                };
        return new Page(status.getCode(), renderer.rejected(lang, reason));
    }

    private Page inactive(Target t) {
        return new Page(
                HttpStatus.GONE.getCode(),
                renderer.inactive(t.lang(), t.guest(), t.shown(), t.block().strike()));
    }

    private Language languageOfGuest(String guestId, Language fallback) {
        return languageOf(tenantRepository.tenantOfGuest(guestId).orElse(null), fallback);
    }

    /** The tenant's language; {@code fallback} for a guest without a (known) tenant. */
    private Language languageOf(@Nullable String tenantId, Language fallback) {
        var tenant = tenants.find(tenantId);
        return tenant == null ? fallback : Language.of(tenant.language());
    }

    /**
     * The form, with the customer's text and what is wrong with it. It posts back to the page's own
     * URL, relative to it (the token), so it works behind a proxy that serves the server under a
     * path prefix.
     */
    private Page form(
            Target t, String token, HttpStatus status, String text, Set<FormError> errors) {
        return new Page(
                status.getCode(),
                renderer.form(
                        t.lang(),
                        t.guest(),
                        t.shown(),
                        t.block().strike(),
                        token,
                        clock.instant(),
                        text,
                        errors));
    }

    /**
     * The language an {@code Accept-Language} header prefers between French and English (the
     * highest weight, the first on a tie); French when it names neither.
     */
    public static Language preferred(@Nullable String acceptLanguage) {
        if (acceptLanguage == null) {
            return Language.FR;
        }
        Language best = Language.FR;
        double bestQ = -1;
        for (String part : acceptLanguage.split(",")) {
            String[] fields = part.strip().split(";");
            String tag = fields[0].strip().toLowerCase(Locale.ROOT);
            double q = 1;
            for (int i = 1; i < fields.length; i++) {
                String f = fields[i].strip();
                if (f.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(f.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            Language lang =
                    tag.equals("en") || tag.startsWith("en-")
                            ? Language.EN
                            : tag.equals("fr") || tag.startsWith("fr-") ? Language.FR : null;
            if (lang != null && q > 0 && q > bestQ) {
                best = lang;
                bestQ = q;
            }
        }
        return best;
    }
}
