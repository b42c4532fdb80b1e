package dev.vpsguard.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.protocol.GuestKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class StaticInventoryTest {
    private static Guest guest(int vmid) {
        return new Guest(vmid, GuestKind.QEMU, "g" + vmid, true, 1, 1L << 30, List.of());
    }

    @Test
    void returnsTheConfiguredGuestsSortedByVmid() {
        var inventory = new StaticInventory(List.of(guest(300), guest(100), guest(200)));
        assertThat(inventory.load()).extracting(Guest::vmid).containsExactly(100, 200, 300);
    }

    @Test
    void refusesTheSameVmidTwiceNamingIt() {
        assertThatThrownBy(() -> new StaticInventory(List.of(guest(5), guest(5))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vmid 5");
    }
}
