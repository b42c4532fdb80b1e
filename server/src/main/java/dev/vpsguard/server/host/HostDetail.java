package dev.vpsguard.server.host;

import dev.vpsguard.server.guest.GuestView;
import io.micronaut.core.annotation.Introspected;
import java.util.List;

/**
 * A host with its guests, for {@code GET /api/v1/hosts/{id}}.
 *
 * @param host the host
 * @param guests its guests, by vmid
 */
@Introspected
public record HostDetail(HostView host, List<GuestView> guests) {}
