package dev.vpsguard.agent.enforce;

import dev.vpsguard.protocol.GuestKind;

/**
 * {@link GuestControl} when it is switched off ({@code enforcement.guestControl: none}): every CPU
 * limit or suspension fails, so the server sees in the ack that it was not applied.
 */
public final class NoGuestControl implements GuestControl {
    private static final Result OFF =
            new Result(false, "guest control is off on this host (enforcement.guestControl: none)");

    @Override
    public Result limitCpu(int vmid, GuestKind kind, double cores) {
        return OFF;
    }

    @Override
    public Result clearCpuLimit(int vmid, GuestKind kind) {
        // Nothing was ever limited, so there is nothing to undo.
        return new Result(true, "guest control off: nothing to clear");
    }

    @Override
    public Result suspend(int vmid, GuestKind kind) {
        return OFF;
    }

    @Override
    public Result resume(int vmid, GuestKind kind) {
        return new Result(true, "guest control off: nothing to resume");
    }
}
