package dev.vpsguard.agent.enforce;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.agent.inventory.InventorySource;
import dev.vpsguard.protocol.ActionResult;
import dev.vpsguard.protocol.ActionStatus;
import dev.vpsguard.protocol.ActionType;
import dev.vpsguard.protocol.DesiredAction;
import dev.vpsguard.protocol.DesiredState;
import dev.vpsguard.protocol.EnforcementAck;
import dev.vpsguard.protocol.GuestNic;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the host to a desired state: persists it, routes back to blocked guests, renders and
 * applies the nftables tables, deletes the open SMTP flows of newly blocked guests, and sets CPU
 * limits and suspensions. Reconciling the same state again with the same inventory does nothing.
 *
 * <p>The notice book always covers every address the kernel may redirect: a new block's notice is
 * entered before the script that redirects it is applied, and a lifted block's notice is removed
 * only after the script without its redirect is in place. So the first answer a blocked guest gets
 * already carries its ticket.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final EnforcementConfig config;
    private final InventorySource inventory;
    private final NftablesApplier nft;
    private final RouteBack routes;
    private final ConntrackFlowCleaner conntrack;
    private final GuestActions guestActions;
    private final DesiredStateStore store;
    private final NoticeBook notices;
    private final Listening responder;
    private final Clock clock;

    private Object lastInputs;
    private List<ActionResult> lastResults;
    private Map<String, String> lastRoutes = Map.of();
    private final Map<String, String> unreachable = new HashMap<>();
    private Set<String> startedBlocks = Set.of();

    /** What the notice book holds now (guest address → notice). */
    private Map<String, String> liveBook = Map.of();

    /** Whether the notice responder listens now on its address of one family. */
    @FunctionalInterface
    public interface Listening {
        boolean on(boolean v6);
    }

    /**
     * @param responder whether the notice responder is listening now; when not on IPv4, blocks fall
     *     back to a drop, when not on IPv6, their IPv6 port 25 does
     */
    public Reconciler(
            EnforcementConfig config,
            InventorySource inventory,
            NftablesApplier nft,
            RouteBack routes,
            ConntrackFlowCleaner conntrack,
            GuestControl control,
            DesiredStateStore store,
            NoticeBook notices,
            Listening responder,
            Clock clock) {
        this.config = config;
        this.inventory = inventory;
        this.nft = nft;
        this.routes = routes;
        this.conntrack = conntrack;
        this.guestActions = new GuestActions(control);
        this.store = store;
        this.notices = notices;
        this.responder = responder;
        this.clock = clock;
    }

    /**
     * Re-applies the persisted state; call at startup before any server contact.
     *
     * @return the ack, or empty when no state was persisted or it could not be read (logged)
     */
    public synchronized Optional<EnforcementAck> restore() {
        try {
            Optional<DesiredState> saved = store.load();
            saved.ifPresent(s -> LOG.info("restoring desired state version {}", s.version()));
            return saved.map(this::enforce);
        } catch (IOException e) {
            LOG.error("cannot restore the desired state: {}", e.getMessage());
            return Optional.empty();
        }
    }

    /** Persists {@code state} (before touching anything) and enforces it. */
    public synchronized EnforcementAck reconcile(DesiredState state) {
        try {
            store.save(state);
        } catch (IOException e) {
            // Enforcing matters more than remembering; the next state will be saved again.
            LOG.error("cannot persist the desired state to {}: {}", store.file(), e.getMessage());
        }
        return enforce(state);
    }

    /**
     * Enforces {@code state} again without persisting it: picks up inventory changes, the responder
     * coming or going, and retries what failed. Does nothing when nothing changed.
     */
    public synchronized EnforcementAck refresh(DesiredState state) {
        return enforce(state);
    }

    /**
     * Fills the notice book from the persisted state, touching nothing on the host; call at startup
     * before the responder listens. The tables kept from before the restart already redirect
     * blocked guests, so the responder's first answer must carry their notices.
     */
    public synchronized void primeNotices() {
        try {
            store.load().ifPresent(s -> enter(bookOf(s, byVmid(inventory.load()))));
        } catch (IOException e) {
            LOG.error("cannot read the desired state for the notices: {}", e.getMessage());
        }
    }

    /** Repairs drift in the agent's nftables tables; call once per cycle. */
    public synchronized List<String> repairDrift() {
        return nft.repairDrift();
    }

    private EnforcementAck enforce(DesiredState state) {
        List<Guest> guests = inventory.load();
        boolean noticeUp = config.noticeAvailable() && responder.on(false);
        boolean noticeV6 = noticeUp && config.responderV6() != null && responder.on(true);
        Object inputs = List.of(state.actions(), guests, noticeUp, noticeV6);
        if (inputs.equals(lastInputs) && lastResults != null) {
            return new EnforcementAck(state.version(), lastResults);
        }
        Map<Integer, Guest> byVmid = byVmid(guests);
        EnforcementConfig cfg =
                config.withNoticeAvailable(noticeUp)
                        .withResponderV6(noticeV6 ? config.responderV6() : null);
        // Before anything can redirect a new block: its notice joins the ones still live.
        Map<String, String> book = bookOf(state, byVmid);
        enter(book);
        boolean ioFailure = false;

        Map<Integer, String> noticeUnavailable = new HashMap<>();
        if (noticeUp) {
            ioFailure |= syncRoutes(state, byVmid, cfg, noticeUnavailable);
        }
        PortPlan plan = PortPlanner.plan(state, guests, cfg, noticeUnavailable);
        Map<String, String> failed = new HashMap<>(plan.failed());
        Map<String, String> degraded = new HashMap<>(plan.degraded());
        String script = NftablesRenderer.render(plan, cfg);
        String nftError = null;
        if (!script.equals(nft.lastApplied())) {
            CommandRunner.CommandResult r = nft.apply(script);
            if (!r.ok()) {
                nftError = r.describe();
                ioFailure = true;
                LOG.error("applying the vpsguard tables failed: {}", nftError);
            }
        }
        if (nftError == null) {
            // The kernel now redirects exactly the blocks of this state: lifted ones leave.
            liveBook = Map.copyOf(book);
            notices.replace(liveBook);
        }
        Set<String> blocks = new HashSet<>();
        for (DesiredAction a : state.actions()) {
            Guest g = byVmid.get(a.vmid());
            if (PortPlanner.touchesNetwork(a.type()) && nftError != null) {
                failed.putIfAbsent(a.id(), nftError);
            }
            if (a.type() != ActionType.SMTP_BLOCK || g == null || failed.containsKey(a.id())) {
                continue;
            }
            blocks.add(a.id());
            for (String ip : addresses(g)) {
                if (!startedBlocks.contains(a.id())) {
                    ConntrackFlowCleaner.Deletion d;
                    try {
                        d = conntrack.deleteSmtpFlows(ip);
                    } catch (IllegalArgumentException e) {
                        d = new ConntrackFlowCleaner.Deletion(-1, e.getMessage());
                    }
                    if (!d.ok()) {
                        degraded.merge(
                                a.id(),
                                "open SMTP flows not deleted: " + d.error(),
                                (x, y) -> x + "; " + y);
                    }
                }
            }
        }
        startedBlocks = blocks;
        GuestActions.Outcome guestOutcome = guestActions.apply(state.actions(), byVmid);
        failed.putAll(guestOutcome.failed());
        ioFailure |= guestOutcome.ioFailure();

        Instant now = clock.instant();
        List<ActionResult> results = new ArrayList<>();
        for (DesiredAction a : state.actions()) {
            if (failed.containsKey(a.id())) {
                results.add(new ActionResult(a.id(), ActionStatus.FAILED, failed.get(a.id()), now));
            } else if (degraded.containsKey(a.id())) {
                results.add(
                        new ActionResult(a.id(), ActionStatus.DEGRADED, degraded.get(a.id()), now));
            } else {
                results.add(new ActionResult(a.id(), ActionStatus.APPLIED, null, now));
            }
        }
        lastResults = List.copyOf(results);
        // After an IO failure the same inputs must be tried again next cycle.
        lastInputs = ioFailure ? null : inputs;
        return new EnforcementAck(state.version(), lastResults);
    }

    /** Routes back to every blocked guest address; fills vmid → reason for the unreachable. */
    private boolean syncRoutes(
            DesiredState state,
            Map<Integer, Guest> byVmid,
            EnforcementConfig cfg,
            Map<Integer, String> noticeUnavailable) {
        Map<String, String> want = new TreeMap<>();
        Map<String, Integer> owner = new HashMap<>();
        for (DesiredAction a : state.actions()) {
            Guest g = byVmid.get(a.vmid());
            if (a.type() != ActionType.SMTP_BLOCK || g == null) {
                continue;
            }
            for (GuestNic nic : g.nics()) {
                for (String ip : nic.ips() == null ? List.<String>of() : nic.ips()) {
                    boolean v6 = ip.contains(":");
                    if (nic.bridge() != null && (!v6 || cfg.responderV6() != null)) {
                        want.put(ip, nic.bridge());
                        owner.put(ip, a.vmid());
                    }
                }
            }
        }
        boolean ioFailure = false;
        if (!want.equals(lastRoutes)) {
            Map<String, String> failures = routes.sync(want);
            unreachable.clear();
            want.forEach(
                    (ip, bridge) -> {
                        String why =
                                failures.containsKey(ip)
                                        ? failures.get(ip)
                                        : routes.unreachableReason(ip, bridge);
                        if (why != null) {
                            unreachable.put(ip, why);
                        }
                    });
            ioFailure = !unreachable.isEmpty();
            lastRoutes = ioFailure ? Map.of() : Map.copyOf(want);
        }
        unreachable.forEach(
                (ip, why) -> {
                    if (owner.containsKey(ip)) {
                        noticeUnavailable.merge(owner.get(ip), why, (x, y) -> x + "; " + y);
                    }
                });
        return ioFailure;
    }

    /** Adds {@code book} to the notice book, keeping the live entries (new texts win). */
    private void enter(Map<String, String> book) {
        Map<String, String> next = new TreeMap<>(liveBook);
        next.putAll(book);
        if (!next.equals(liveBook)) {
            liveBook = Map.copyOf(next);
            notices.replace(liveBook);
        }
    }

    /** Guest address → notice for every SMTP block of a guest on this host. */
    private static Map<String, String> bookOf(DesiredState state, Map<Integer, Guest> byVmid) {
        Map<String, String> book = new TreeMap<>();
        for (DesiredAction a : state.actions()) {
            Guest g = byVmid.get(a.vmid());
            if (a.type() == ActionType.SMTP_BLOCK && g != null) {
                // A notice may be null (the responder's default text): kept as the empty text.
                addresses(g).forEach(ip -> book.put(ip, a.notice() == null ? "" : a.notice()));
            }
        }
        return book;
    }

    private static Map<Integer, Guest> byVmid(List<Guest> guests) {
        Map<Integer, Guest> out = new TreeMap<>();
        guests.forEach(g -> out.put(g.vmid(), g));
        return out;
    }

    private static List<String> addresses(Guest g) {
        List<String> out = new ArrayList<>();
        for (GuestNic nic : g.nics()) {
            if (nic.ips() != null) {
                out.addAll(nic.ips());
            }
        }
        return out;
    }
}
