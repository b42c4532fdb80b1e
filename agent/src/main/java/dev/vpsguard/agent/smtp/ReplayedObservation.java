package dev.vpsguard.agent.smtp;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestKind;
import dev.vpsguard.protocol.GuestNic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * What {@link SmtpObservation#replaying} builds downstream of the lines (observer, aggregator and
 * an address book that only knows the inventory's addresses: no bridge-port or neighbour
 * sightings), in virtual time for tests: the time is that of the line being handled (the replay
 * stamps each line with the time it was due), not the replay's clock, which runs ahead of the
 * consumer by the lines in the queue. It lives with the agent's code, not its tests, because the
 * end-to-end tests judge the demo capture with it against the server's detector, and modules share
 * main code only (no test-jar); the agent itself never builds one.
 */
public final class ReplayedObservation {
    /** The static inventory of {@code scripts/demo.sh}, whose addresses the demo capture uses. */
    public static final List<Guest> DEMO_GUESTS =
            List.of(
                    guest(101, GuestKind.QEMU, "tap101i0", "198.51.100.101"),
                    guest(102, GuestKind.QEMU, "tap102i0", "203.0.113.5"),
                    guest(200, GuestKind.LXC, "veth200i0", "198.51.100.200"));

    private final GuestAddressBook book = new GuestAddressBook(Duration.ofMinutes(30));
    private final SmtpWindowAggregator aggregator;
    private final SmtpObserver observer;
    private volatile Instant now;

    /**
     * @param guests the inventory
     * @param start the start of the first window
     */
    public ReplayedObservation(List<Guest> guests, Instant start) {
        this.now = start;
        book.refresh(guests, List.of(), List.of(), start);
        aggregator =
                new SmtpWindowAggregator(
                        book,
                        SmtpWindowAggregator.Limits.forSynSentTimeout(
                                SmtpObservation.RECORDED_SYN_SENT_TIMEOUT),
                        () -> Duration.between(Instant.EPOCH, now).toNanos(),
                        start);
        observer =
                new SmtpObserver(
                        aggregator,
                        book,
                        new UrgentReportTrigger(
                                Clock.fixed(start, ZoneOffset.UTC),
                                1_000_000,
                                Duration.ofSeconds(2),
                                Duration.ofSeconds(1)),
                        warning -> {
                            throw new IllegalStateException("observer warning: " + warning);
                        });
    }

    /** Handles one line at its own timestamp. */
    public void feed(String line) {
        try {
            now = ConntrackEventParser.parse(line).timestamp();
        } catch (ConntrackParseException e) {
            throw new IllegalArgumentException("not an event: " + line, e);
        }
        observer.onLine(line);
    }

    /** The time of the last line handled or window closed. */
    public Instant now() {
        return now;
    }

    /** Closes the window at {@code end} (not before the last line). */
    public SmtpWindows closeWindow(Instant end) {
        now = end;
        return aggregator.closeWindow(end);
    }

    private static Guest guest(int vmid, GuestKind kind, String iface, String address) {
        return new Guest(
                vmid,
                kind,
                "g" + vmid,
                true,
                1,
                null,
                List.of(new GuestNic("net0", iface, null, "vmbr0", false, List.of(address))));
    }
}
