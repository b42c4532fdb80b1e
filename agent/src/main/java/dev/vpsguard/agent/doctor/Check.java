package dev.vpsguard.agent.doctor;

/**
 * One line of {@code vpsguard-agent doctor}.
 *
 * @param status pass, warn or fail
 * @param name what was checked, one word
 * @param detail what was found and, when not passing, what to do
 */
public record Check(Status status, String name, String detail) {
    /** The outcome of a check; only {@link #FAIL} makes doctor exit non-zero. */
    public enum Status {
        PASS,
        WARN,
        FAIL
    }

    static Check pass(String name, String detail) {
        return new Check(Status.PASS, name, detail);
    }

    static Check warn(String name, String detail) {
        return new Check(Status.WARN, name, detail);
    }

    static Check fail(String name, String detail) {
        return new Check(Status.FAIL, name, detail);
    }

    /** {@code PASS nft nftables v1.0.6}: status, name padded to 14, detail. */
    public String line() {
        return String.format("%-4s  %-14s %s", status, name, detail);
    }
}
