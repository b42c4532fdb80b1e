package dev.vpsguard.agent.enforce;

import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import io.prometheus.client.Counter;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforcement as the running agent does it: at startup the notice responder is started and the
 * persisted desired state re-applied (before any server contact); each desired state from the
 * server is reconciled; each cycle repairs drift and re-reconciles the current state (a no-op when
 * nothing changed, a retry after a failure, new ports after an inventory change). All calls come
 * from the agent's one loop thread; the responder runs on its own event loop.
 *
 * <p>While the agent is down the responder is down too: blocked guests' port-25 connections are
 * still DNATed to the host, where nothing listens, so they are refused (TCP reset). SMTP to the
 * Internet stays blocked; only the explanation is missing until the agent is back.
 */
public final class HostEnforcement implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HostEnforcement.class);
    // PortPlanner's words for a block without the notice path.
    private static final String UNAVAILABLE = "notice responder unavailable";
    private static final String NO_V6 = "no IPv6 responder";
    private static final DesiredState NOTHING = new DesiredState(0, Instant.EPOCH, List.of());

    private final Reconciler reconciler;
    private final NoticeResponder responder;
    private final DesiredStateStore store;
    private final Counter driftRepairs;
    private final String responderAt;

    private volatile EnforcementAck ack;
    private DesiredState current = NOTHING;
    private String responderProblem;
    private String ipv6Problem;

    /**
     * @param responderAt where the responder listens, for messages ({@code address:port})
     * @param driftRepairs counted once per cycle in which drift was found and repaired
     */
    public HostEnforcement(
            Reconciler reconciler,
            NoticeResponder responder,
            DesiredStateStore store,
            String responderAt,
            Counter driftRepairs) {
        this.reconciler = reconciler;
        this.responder = responder;
        this.store = store;
        this.responderAt = responderAt;
        this.driftRepairs = driftRepairs;
    }

    /**
     * Fills the notice book, starts the responder and re-applies the persisted state, or the empty
     * state (which still installs the SMTP watch rule) when none was persisted.
     */
    public synchronized void start() {
        reconciler.primeNotices();
        startResponder();
        Optional<EnforcementAck> restored = reconciler.restore();
        try {
            current = store.load().orElse(NOTHING);
        } catch (IOException e) {
            current = NOTHING;
        }
        if (restored.isPresent()) {
            accepted(restored.get());
        } else {
            reconciler.refresh(current);
        }
    }

    /** Reconciles a desired state from the server; its ack goes into the next report. */
    public synchronized void apply(DesiredState state) {
        LOG.info(
                "desired state version {} with {} actions received",
                state.version(),
                state.actions().size());
        current = state;
        accepted(reconciler.reconcile(state));
    }

    /** Once per cycle: restart a responder that is down, repair drift, re-reconcile. */
    public synchronized void cycle() {
        if (!responder.isRunning()) {
            startResponder();
        }
        List<String> drift = reconciler.repairDrift();
        if (!drift.isEmpty()) {
            driftRepairs.inc();
        }
        EnforcementAck next = reconciler.refresh(current);
        if (current != NOTHING) {
            accepted(next);
        }
    }

    /** The ack of the current desired state, for the next report; null before the first state. */
    public EnforcementAck ack() {
        return ack;
    }

    /** Why the responder is not listening, or null when it is. */
    public synchronized String responderProblem() {
        return responderProblem;
    }

    /** Stops the responder; the nftables tables stay, so blocks hold while the agent is down. */
    @Override
    public synchronized void close() {
        responder.close();
    }

    private void startResponder() {
        try {
            responder.start();
            String v6 = responder.ipv6Problem();
            if (v6 != null && !v6.equals(ipv6Problem)) {
                LOG.error(
                        "notice responder {}; blocked guests' IPv6 port 25 is dropped until it can",
                        v6);
            }
            ipv6Problem = v6;
            if (responderProblem != null) {
                LOG.info("notice responder listens on {} again", responderAt);
            }
            responderProblem = null;
        } catch (Exception e) {
            // Netty rethrows BindException undeclared; any failure means the same: no notice.
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            if (!why.equals(responderProblem)) {
                LOG.error(
                        "notice responder cannot listen on {}: {}; SMTP blocks fall back to a"
                                + " silent drop until it can",
                        responderAt,
                        why);
            }
            responderProblem = why;
        }
    }

    /** Says in degraded results why the responder is unavailable (the planner cannot know). */
    private EnforcementAck withResponderProblem(EnforcementAck a) {
        Map<String, String> notes = new LinkedHashMap<>();
        if (responderProblem != null) {
            notes.put(
                    UNAVAILABLE,
                    UNAVAILABLE
                            + " (cannot listen on "
                            + responderAt
                            + ": "
                            + responderProblem
                            + ")");
        }
        if (ipv6Problem != null) {
            notes.put(NO_V6, NO_V6 + " (" + ipv6Problem + ")");
        }
        if (notes.isEmpty()) {
            return a;
        }
        List<ActionResult> results =
                a.results().stream()
                        .map(
                                r -> {
                                    String d = r.detail();
                                    if (d == null) {
                                        return r;
                                    }
                                    for (Map.Entry<String, String> n : notes.entrySet()) {
                                        d = d.replace(n.getKey(), n.getValue());
                                    }
                                    return new ActionResult(r.actionId(), r.status(), d, r.at());
                                })
                        .toList();
        return new EnforcementAck(a.stateVersion(), results);
    }

    private String describe(ActionResult r) {
        return r.actionId() + " " + r.status() + ": " + r.detail();
    }

    private void accepted(EnforcementAck raw) {
        EnforcementAck next = withResponderProblem(raw);
        EnforcementAck prev = ack;
        ack = next;
        if (next.equals(prev)) {
            return;
        }
        // Log each new problem once; the results are re-stamped on every recompute.
        List<String> before =
                prev == null ? List.of() : prev.results().stream().map(this::describe).toList();
        for (ActionResult r : next.results()) {
            if (r.status() != ActionStatus.APPLIED && !before.contains(describe(r))) {
                LOG.warn("action {}", describe(r));
            }
        }
    }
}
