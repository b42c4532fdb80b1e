package dev.vpsguard.server.guest;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.vpsguard.protocol.GuestNic;
import dev.vpsguard.protocol.ProtocolJson;
import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;

/**
 * A guest as the API shows it.
 *
 * @param id the server's guest id
 * @param hostId its host
 * @param vmid Proxmox guest id
 * @param kind qemu or lxc
 * @param name its name (nullable)
 * @param status running, stopped or unknown
 * @param cores vCPUs allocated (nullable)
 * @param memoryBytes memory allocated, bytes (nullable)
 * @param nics its network interfaces
 * @param lastSeenAt when the last report listing it was sent
 */
@Introspected
public record GuestView(
        String id,
        String hostId,
        int vmid,
        String kind,
        @Nullable String name,
        String status,
        @Nullable Integer cores,
        @Nullable Long memoryBytes,
        List<GuestNic> nics,
        Instant lastSeenAt) {
    private static final TypeReference<List<GuestNic>> NICS = new TypeReference<>() {};

    public static GuestView of(Guest guest) {
        return new GuestView(
                guest.id(),
                guest.hostId(),
                guest.vmid(),
                guest.kind(),
                guest.name(),
                guest.status(),
                guest.cores(),
                guest.memoryBytes(),
                parseNics(guest.nics()),
                guest.lastSeenAt());
    }

    private static List<GuestNic> parseNics(@Nullable String json) {
        if (json == null) {
            return List.of();
        }
        try {
            // Written by the server from a validated report, so it reads back.
            return ProtocolJson.mapper().readValue(json, NICS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
