package dev.vpsguard.server.host;

import dev.vpsguard.protocol.EnrollRequest;
import dev.vpsguard.protocol.EnrollResponse;
import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.api.Paging;
import dev.vpsguard.server.audit.AuditLog;
import dev.vpsguard.server.auth.AgentCredentials;
import dev.vpsguard.server.auth.SecretToken;
import dev.vpsguard.server.guest.GuestRepository;
import dev.vpsguard.server.guest.GuestView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Creating hosts, enrolling their agents, and reading them back. */
@Singleton
public class HostService implements AgentCredentials {
    static final int MAX_NAME_LENGTH = 200;

    private final HostRepository hosts;
    private final GuestRepository guests;
    private final AuditLog audit;
    private final EnrollmentConfig config;
    private final HostSilenceRepository silences;
    private final Clock clock;

    public HostService(
            HostRepository hosts,
            HostSilenceRepository silences,
            GuestRepository guests,
            AuditLog audit,
            EnrollmentConfig config,
            Clock clock) {
        this.hosts = hosts;
        this.silences = silences;
        this.guests = guests;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** Creates a host with a fresh one-time enrolment token, which is returned this once. */
    @Transactional
    public CreatedHost create(@Nullable String name, String actor) {
        if (name == null || name.isBlank()) {
            throw ApiException.invalidField("name", "is required");
        }
        String trimmed = name.strip();
        if (trimmed.length() > MAX_NAME_LENGTH) {
            throw ApiException.invalidField(
                    "name", "must be at most " + MAX_NAME_LENGTH + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            // As the protocol refuses them in every name an agent sends: they break logs and pages.
            throw ApiException.invalidField("name", "must not contain control characters");
        }
        String token = SecretToken.generate();
        // Databases keep microseconds; truncating here makes the expiry the API shows the stored
        // one.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant expiresAt = now.plus(config.tokenTtl());
        String id = UUID.randomUUID().toString();
        hosts.save(new Host(id, trimmed, null, SecretToken.hash(token), expiresAt, 0, null, now));
        audit.record(actor, "host.create", id, "name=" + trimmed);
        return new CreatedHost(id, token, expiresAt);
    }

    /**
     * A fresh one-time enrolment token for a host whose agent is not enrolled (its token expired
     * unused, or it was revoked); any earlier token stops working.
     *
     * @throws ApiException 404 for an unknown host, 409 while an agent holds its credential
     */
    @Transactional
    public CreatedHost newToken(String id, String actor) {
        // Locked as a report locks it, so that its last seq is not written back stale.
        Host h =
                hosts.findByIdForUpdate(id)
                        .orElseThrow(() -> ApiException.notFound("no host " + id));
        if (h.credentialHash() != null) {
            throw ApiException.conflict("host " + id + " is enrolled: revoke it first");
        }
        String token = SecretToken.generate();
        Instant expiresAt = clock.instant().truncatedTo(ChronoUnit.MICROS).plus(config.tokenTtl());
        hosts.update(
                new Host(
                        h.id(),
                        h.name(),
                        null,
                        SecretToken.hash(token),
                        expiresAt,
                        h.lastSeq(),
                        h.lastReportAt(),
                        h.createdAt()));
        audit.record(actor, "host.token", id, "name=" + h.name());
        return new CreatedHost(id, token, expiresAt);
    }

    /**
     * Revokes a host: its agent's credential and any unused enrolment token stop working at once
     * (its next report is refused with 401); its history stays.
     *
     * @throws ApiException 404 for an unknown host, 409 when it holds neither
     */
    @Transactional
    public void revoke(String id, String actor) {
        Host h =
                hosts.findByIdForUpdate(id)
                        .orElseThrow(() -> ApiException.notFound("no host " + id));
        if (h.credentialHash() == null && h.enrollmentTokenHash() == null) {
            throw ApiException.conflict("host " + id + " is already revoked");
        }
        hosts.update(
                new Host(
                        h.id(),
                        h.name(),
                        null,
                        null,
                        null,
                        h.lastSeq(),
                        h.lastReportAt(),
                        h.createdAt()));
        audit.record(
                actor,
                "host.revoke",
                id,
                "name=" + h.name() + (h.credentialHash() != null ? " (enrolled)" : " (token)"));
    }

    /**
     * Exchanges a one-time enrolment token for a host credential. The token works once, and only
     * before it expires.
     *
     * @throws ApiException 400 without a token, 401 for an unknown, used or expired token
     */
    @Transactional
    public EnrollResponse enroll(EnrollRequest request) {
        if (request.token() == null || request.token().isBlank()) {
            throw ApiException.invalidField("token", "is required");
        }
        String tokenHash = SecretToken.hash(request.token());
        Host host =
                hosts.findByEnrollmentTokenHash(tokenHash)
                        .filter(h -> clock.instant().isBefore(h.enrollmentExpiresAt()))
                        .orElseThrow(
                                () ->
                                        ApiException.unauthorized(
                                                "enrolment token unknown, already used or"
                                                        + " expired"));
        String credential = SecretToken.generate();
        if (hosts.consumeEnrollment(host.id(), tokenHash, SecretToken.hash(credential)) != 1) {
            throw ApiException.unauthorized("enrolment token already used");
        }
        audit.record(
                "host:" + host.id(),
                "host.enroll",
                host.id(),
                "hostname=" + request.hostname() + " agentVersion=" + request.agentVersion());
        return new EnrollResponse(host.id(), credential);
    }

    /** The id of the enrolled host holding this credential, if any. */
    @Override
    public Optional<String> hostIdOf(String credential) {
        return hosts.findByCredentialHash(SecretToken.hash(credential)).map(Host::id);
    }

    /** All hosts, by name. */
    public List<HostView> list(Paging paging) {
        Map<String, Instant> silent = new HashMap<>();
        silences.findAll().forEach(s -> silent.put(s.hostId(), s.since()));
        return hosts.page(paging.limit(), paging.offset()).stream()
                .map(h -> HostView.of(h, silent.get(h.id())))
                .toList();
    }

    /** One host with its guests. */
    public HostDetail get(String id) {
        Host host = hosts.findById(id).orElseThrow(() -> ApiException.notFound("no host " + id));
        List<GuestView> views =
                guests.findByHostIdOrderByVmid(id).stream().map(GuestView::of).toList();
        return new HostDetail(
                HostView.of(host, silences.findById(id).map(HostSilenceRow::since).orElse(null)),
                views);
    }
}
