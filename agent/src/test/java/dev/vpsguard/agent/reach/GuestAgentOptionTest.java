package dev.vpsguard.agent.reach;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The {@code agent} option as qemu-server writes it. */
class GuestAgentOptionTest {
    @Test
    void theDefaultKeyOrEnabledTurnsItOn() {
        assertThat(GuestAgentOption.enabled("1")).isTrue();
        assertThat(GuestAgentOption.enabled("1,fstrim_cloned_disks=1")).isTrue();
        assertThat(GuestAgentOption.enabled("enabled=1,type=virtio")).isTrue();
        assertThat(GuestAgentOption.enabled("type=isa,enabled=yes")).isTrue();
    }

    @Test
    void zeroAbsentOrGarbageIsOff() {
        assertThat(GuestAgentOption.enabled(null)).isFalse();
        assertThat(GuestAgentOption.enabled("0")).isFalse();
        assertThat(GuestAgentOption.enabled("enabled=0,fstrim_cloned_disks=1")).isFalse();
        assertThat(GuestAgentOption.enabled("type=virtio")).isFalse();
        assertThat(GuestAgentOption.enabled("maybe")).isFalse();
    }
}
