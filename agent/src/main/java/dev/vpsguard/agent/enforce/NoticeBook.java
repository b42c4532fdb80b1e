package dev.vpsguard.agent.enforce;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Which notice each blocked guest address gets from the {@link NoticeResponder}. Replaced as a
 * whole by the reconciler; read lock-free by the responder's event loop.
 */
public final class NoticeBook implements Function<InetAddress, String> {
    private volatile Map<InetAddress, String> byAddress = Map.of();

    /** Replaces the book with {@code notices} (guest address text → notice text). */
    public void replace(Map<String, String> notices) {
        Map<InetAddress, String> next = new HashMap<>();
        notices.forEach(
                (ip, text) -> {
                    try {
                        // Cidr.parse has checked it is a literal, so no name lookup happens.
                        next.put(InetAddress.getByName(Cidr.parse(ip).address()), text);
                    } catch (UnknownHostException | IllegalArgumentException e) {
                        // Not an address: nobody can connect from it, nothing to look up.
                    }
                });
        byAddress = Map.copyOf(next);
    }

    /** The notice for a guest address, or null (the responder then uses its default text). */
    @Override
    public String apply(InetAddress guest) {
        return guest == null ? null : byAddress.get(guest);
    }
}
