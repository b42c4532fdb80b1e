package dev.vpsguard.agent.smtp;

import dev.vpsguard.agent.smtp.ConntrackEvent.Tuple;
import java.net.InetAddress;
import java.time.Duration;

/** What {@link SmtpWindowAggregator} remembers of one conntrack flow (one connection attempt). */
final class TrackedFlow {
    final InetAddress source;
    int vmid;
    boolean sawNew;
    boolean replied;

    /** 0 until known; then 1 unanswered, 2 reset or refused, 3 established. */
    int outcome;

    /** Evicted or expired from the table: its later events make a flow of unknown start. */
    boolean evicted;

    TrackedFlow(int vmid, InetAddress source) {
        this.vmid = vmid;
        this.source = source;
    }

    /**
     * A flow's identity: the kernel's id, which it reuses, plus the original tuple.
     *
     * @param id the conntrack id
     * @param original the tuple of the first packet
     */
    record Key(long id, Tuple original) {}

    /**
     * Unreplied flows are kept {@code unrepliedTtl} after their last event, replied ones longer.
     */
    static final class Expiry
            implements com.github.benmanes.caffeine.cache.Expiry<Key, TrackedFlow> {
        private final long unrepliedNanos;
        private final long repliedNanos;

        Expiry(Duration unrepliedTtl, Duration repliedTtl) {
            unrepliedNanos = unrepliedTtl.toNanos();
            repliedNanos = repliedTtl.toNanos();
        }

        @Override
        public long expireAfterCreate(Key key, TrackedFlow flow, long now) {
            return flow.replied ? repliedNanos : unrepliedNanos;
        }

        @Override
        public long expireAfterUpdate(Key key, TrackedFlow flow, long now, long current) {
            return expireAfterCreate(key, flow, now);
        }

        @Override
        public long expireAfterRead(Key key, TrackedFlow flow, long now, long current) {
            return current;
        }
    }
}
