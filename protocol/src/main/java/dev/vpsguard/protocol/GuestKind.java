package dev.vpsguard.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The kind of Proxmox guest: a QEMU virtual machine or an LXC container. */
public enum GuestKind {
    QEMU("qemu"),
    LXC("lxc");

    private final String wire;

    GuestKind(String wire) {
        this.wire = wire;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    @JsonCreator
    public static GuestKind fromWire(String value) {
        for (GuestKind k : values()) {
            if (k.wire.equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("must be one of qemu, lxc");
    }
}
