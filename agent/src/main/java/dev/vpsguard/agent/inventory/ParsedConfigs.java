package dev.vpsguard.agent.inventory;

import dev.vpsguard.protocol.GuestKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Guest configs parsed once and kept while the file's modification time and size stay the same:
 * they change a few times a day, and re-parsing 200 of them every 5 s was a fifth of a cycle.
 *
 * <p>pmxcfs keeps modification times in whole seconds, so a config rewritten twice within one
 * second with the same size would keep its time and size. As git does with its index ("racily
 * clean" entries), a parse is trusted only if the file's time was already two seconds old when it
 * was read; a younger file is parsed again on every load until it has aged.
 */
final class ParsedConfigs {
    /** How old a file's modification time must be for its parse to be reused. */
    static final long SETTLED_MILLIS = 2_000;

    private record Entry(long modifiedMillis, long size, boolean settled, Guest guest) {}

    private final Clock clock;
    private final Map<Path, Entry> entries = new HashMap<>();

    ParsedConfigs(Clock clock) {
        this.clock = clock;
    }

    /**
     * The config's guest (with {@code running} as given), parsed again only when it may have
     * changed.
     *
     * @throws IOException when the file cannot be read
     */
    synchronized Guest guest(Path conf, int vmid, GuestKind kind, boolean running)
            throws IOException {
        long now = clock.millis();
        BasicFileAttributes attrs = Files.readAttributes(conf, BasicFileAttributes.class);
        long modified = attrs.lastModifiedTime().toMillis();
        Entry e = entries.get(conf);
        if (e == null
                || !e.settled()
                || e.modifiedMillis() != modified
                || e.size() != attrs.size()) {
            List<String> lines = ProxmoxInventory.read(conf);
            Guest parsed = PveConfigParser.parseGuest(vmid, kind, lines, false);
            e = new Entry(modified, attrs.size(), now - modified >= SETTLED_MILLIS, parsed);
            entries.put(conf, e);
        }
        Guest g = e.guest();
        return running == g.running()
                ? g
                : new Guest(
                        g.vmid(),
                        g.kind(),
                        g.name(),
                        running,
                        g.cores(),
                        g.memoryBytes(),
                        g.nics());
    }

    /** Forgets configs not listed any more. */
    synchronized void retainOnly(Set<Path> present) {
        entries.keySet().retainAll(present);
    }
}
