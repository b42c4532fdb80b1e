package dev.vpsguard.server.ingest;

import dev.vpsguard.protocol.GuestSample;
import dev.vpsguard.protocol.InvalidMessageException;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.protocol.Report;
import dev.vpsguard.protocol.ReportDelta;
import dev.vpsguard.protocol.ReportReply;
import dev.vpsguard.server.api.ApiException;
import dev.vpsguard.server.guest.RecentSamples;
import dev.vpsguard.server.guest.TimedSample;
import dev.vpsguard.server.rollup.RollupAccumulator;
import io.micronaut.core.annotation.Nullable;
import io.prometheus.client.Histogram;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one agent report: decode, validate, store (a report the server has already, same agent
 * instance, seq and body, is answered as a duplicate and changes nothing), then feed the in-memory
 * samples and rollups, and answer with the host's desired state. With a {@link ReportQueue} (the
 * Kafka ingest, {@code vpsguard.kafka.enabled}), a valid report is queued instead, and stored by
 * the node that consumes it ({@link #applyQueued}).
 */
@Singleton
public class ReportService {
    private static final Logger LOG = LoggerFactory.getLogger(ReportService.class);

    private final ReportBodyDecoder decoder;
    private final IngestConfig config;
    private final ReportTransaction store;
    private final RecentSamples recent;
    private final RollupAccumulator rollups;
    private final DesiredStateService desiredState;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final ReportBases bases;
    private final ReportIdentity identity;
    private final ReportQueue queue;

    public ReportService(
            IngestConfig config,
            ReportTransaction store,
            RecentSamples recent,
            RollupAccumulator rollups,
            DesiredStateService desiredState,
            IngestMetrics metrics,
            Clock clock,
            ReportBases bases,
            ReportIdentity identity,
            @Nullable ReportQueue queue) {
        this.decoder =
                new ReportBodyDecoder(config.maxCompressedBytes(), config.maxDecompressedBytes());
        this.config = config;
        this.store = store;
        this.recent = recent;
        this.rollups = rollups;
        this.desiredState = desiredState;
        this.metrics = metrics;
        this.clock = clock;
        this.bases = bases;
        this.identity = identity;
        this.queue = queue;
    }

    /**
     * @param callerHostId the host whose credential authenticated the request
     * @param body the raw body
     * @param contentEncoding its {@code Content-Encoding} (nullable)
     * @throws ApiException 400, 403, 413 or 415; nothing was stored
     */
    public ReportReply ingest(String callerHostId, byte[] body, @Nullable String contentEncoding) {
        Histogram.Timer timer = metrics.latency.startTimer();
        try {
            byte[] json = decoder.decode(body, contentEncoding);
            String digest = digest(json);
            Report report;
            if (ProtocolJson.isDelta(json)) {
                ReportDelta delta = parse(json, ReportDelta.class);
                ownHost(delta.hostId(), callerHostId);
                // Through Kafka another node stores the report: none keeps a base, so a delta
                // (from an agent that met this server before Kafka was on) is asked for in full.
                Optional<Report> expanded = queue == null ? bases.expand(delta) : Optional.empty();
                if (expanded.isEmpty()) {
                    return cannotExpand(delta, digest);
                }
                report = expanded.get();
                metrics.deltas.inc();
            } else {
                report = parseFull(json);
                ownHost(report.hostId(), callerHostId);
            }
            Instant now = clock.instant();
            ReportChecks.check(report, now, config.maxClockSkew());
            if (queue != null) {
                return queued(report, json, digest, now);
            }
            return applied(report, digest, now);
        } catch (ApiException e) {
            metrics.rejected.labels(e.code()).inc();
            if ("seq".equals(e.field())) {
                metrics.seqRefused.inc();
                LOG.warn(
                        "Host {} sent a report refused for its seq: {}",
                        callerHostId,
                        e.getMessage());
            }
            throw e;
        } finally {
            timer.observeDuration();
        }
    }

    /**
     * Stores and acts on a report a node queued ({@link ReportQueue}): the checks it passed there
     * are not repeated, except those against the stored state (duplicate, absurd seq), which run in
     * the report's transaction as for a direct report.
     *
     * @param json the report's JSON body, as queued
     * @param receivedAt when the node that queued it received it
     * @return the reply the report would have had if stored directly
     * @throws ApiException when the stored state refuses the report (absurd seq, unknown host)
     */
    public ReportReply applyQueued(byte[] json, Instant receivedAt) {
        return applied(parseFull(json), digest(json), receivedAt);
    }

    private ReportReply queued(Report report, byte[] json, String digest, Instant now) {
        if (!store.admissible(report, digest, now)) {
            metrics.duplicates.inc();
            return reply(report, true);
        }
        queue.enqueue(report.hostId(), json, now);
        return reply(report, false);
    }

    private ReportReply applied(Report report, String digest, Instant receivedAt) {
        Optional<StoredReport> stored = store.storeAndAct(report, digest, receivedAt);
        if (stored.isEmpty()) {
            metrics.duplicates.inc();
            LOG.info(
                    "Host {} resent report seq {} (agent instance {}), stored already:"
                            + " answered as a duplicate",
                    report.hostId(),
                    report.seq(),
                    instanceName(report));
            return reply(report, true);
        }
        if (queue == null) {
            bases.stored(report);
        }
        afterStore(report, stored.get());
        metrics.ingested.inc();
        return reply(report, false);
    }

    private static <T> T parse(byte[] json, Class<T> type) {
        try {
            return ProtocolJson.read(json, type);
        } catch (InvalidMessageException e) {
            throw ApiException.invalidField(e.field(), e.reason());
        }
    }

    private static Report parseFull(byte[] json) {
        try {
            return ProtocolJson.read(json, Report.class);
        } catch (InvalidMessageException e) {
            if (ProtocolJson.hasBaseSeq(json)) {
                // A delta is told by its baseSeq ahead of the guests; say so, not what follows.
                throw ApiException.invalidField(
                        "baseSeq", "must come before guests in a delta report");
            }
            throw ApiException.invalidField(e.field(), e.reason());
        }
    }

    private static void ownHost(String reportHostId, String callerHostId) {
        if (reportHostId != null && !reportHostId.equals(callerHostId)) {
            throw ApiException.forbidden("this credential may only report for its own host");
        }
    }

    /**
     * A delta whose base is not the instance's last stored report: a resend of one stored already
     * (its reply was lost) is a duplicate; otherwise nothing is stored and the agent is asked for
     * the report in full.
     */
    private ReportReply cannotExpand(ReportDelta delta, String digest) {
        if (identity.isStored(delta.hostId(), delta.agentInstance(), delta.seq(), digest)) {
            metrics.duplicates.inc();
            return new ReportReply(delta.seq(), true, desiredState.current(delta.hostId()));
        }
        metrics.fullRequested.inc();
        LOG.info(
                "Host {} sent report seq {} as a delta on seq {}, which is not the last report"
                        + " stored from agent instance {}: asked for it in full",
                delta.hostId(),
                delta.seq(),
                delta.baseSeq(),
                delta.agentInstance());
        return new ReportReply(
                delta.seq(), false, desiredState.current(delta.hostId()), true, null);
    }

    private void afterStore(Report report, StoredReport stored) {
        switch (stored.continuity()) {
            case GAP -> {
                // The agent's spool is bounded: when it overflowed, the oldest reports were
                // dropped.
                long missed = report.seq() - stored.previousSeq() - 1;
                metrics.seqGaps.inc();
                metrics.seqsMissed.inc(missed);
                LOG.info(
                        "Host {} seq jumped from {} to {}: {} reports never arrived",
                        report.hostId(),
                        stored.previousSeq(),
                        report.seq(),
                        missed);
            }
            case RESTARTED -> {
                metrics.seqRestarts.inc();
                LOG.warn(
                        "Host {} (agent instance {}) numbers its reports from {} again, after {}:"
                                + " its state was restored or lost; stored, and followed from here",
                        report.hostId(),
                        instanceName(report),
                        report.seq(),
                        stored.previousSeq());
            }
            case FIRST -> {
                metrics.newInstances.inc();
                LOG.info(
                        "Host {} reports from agent instance {}, first seq {}",
                        report.hostId(),
                        instanceName(report),
                        report.seq());
            }
            case NEXT -> {}
        }
        for (Map.Entry<String, GuestSample> e : stored.guests().entrySet()) {
            GuestSample s = e.getValue();
            recent.add(e.getKey(), new TimedSample(report.sentAt(), s));
            rollups.add(e.getKey(), report.sentAt(), s.usage(), s.smtp());
        }
    }

    private static String instanceName(Report report) {
        return report.agentInstance() == null ? "(none: protocol 1)" : report.agentInstance();
    }

    static String digest(byte[] json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private ReportReply reply(Report report, boolean duplicate) {
        // Only agents of protocol 3 know the field; the report just stored is its host's base.
        boolean base = !duplicate && report.protocolVersion() >= ReportDelta.SINCE && queue == null;
        return new ReportReply(
                report.seq(), duplicate, desiredState.current(report.hostId()), null, base);
    }
}
