package dev.vpsguard.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The lab's "MX" addresses in the {@code inet} namespace, from 198.51.100.201 upwards, in three
 * consecutive groups: accepting (a {@link LabSink} listens), refusing (no listener: the kernel
 * answers RST, the client sees "connection refused") and dropping (an nft rule in {@code inet}
 * drops SYNs to port 25: the client times out, conntrack keeps the flow {@code [UNREPLIED]}).
 */
public final class LabMx {
    private final List<String> accepting;
    private final List<String> refusing;
    private final List<String> dropping;

    LabMx(int accepting, int refusing, int dropping) {
        this.accepting = range(201, accepting);
        this.refusing = range(201 + accepting, refusing);
        this.dropping = range(201 + accepting + refusing, dropping);
    }

    private static List<String> range(int first, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add("198.51.100." + (first + i));
        }
        return List.copyOf(out);
    }

    public List<String> accepting() {
        return accepting;
    }

    public List<String> refusing() {
        return refusing;
    }

    public List<String> dropping() {
        return dropping;
    }

    /** All MX addresses: accepting, then refusing, then dropping. */
    public List<String> all() {
        return Stream.of(accepting, refusing, dropping).flatMap(List::stream).toList();
    }

    /** What a connection to port 25 of {@code address} should end in. */
    public Outcome expectedOutcome(String address) {
        if (address.startsWith("2001:db8:")) {
            // An IPv6 twin (Lab.v6): a listener only where the sink listens, no drop rule.
            String v4 =
                    (address.startsWith("2001:db8:100::") ? "198.51.100." : "203.0.113.")
                            + address.substring(address.lastIndexOf(':') + 1);
            return accepting.contains(v4) ? Outcome.ACCEPTED : Outcome.REFUSED;
        }
        if (accepting.contains(address)) {
            return Outcome.ACCEPTED;
        }
        if (refusing.contains(address)) {
            return Outcome.REFUSED;
        }
        if (dropping.contains(address)) {
            return Outcome.UNREPLIED;
        }
        // The real-MTA lab's wide internet (LabMailDomains): live and dead networks.
        if (address.startsWith("198.18.")) {
            return Outcome.ACCEPTED;
        }
        if (address.startsWith("198.19.")) {
            return Outcome.UNREPLIED;
        }
        throw new IllegalArgumentException(address + " is not a lab MX address");
    }

    /** The fate of one connection attempt. */
    public enum Outcome {
        ACCEPTED,
        REFUSED,
        UNREPLIED
    }
}
