package dev.vpsguard.lab;

/**
 * A {@code main} for {@link LabTeardownTest}: builds a lab, starts a process in it, prints the
 * lab's prefix and that pid, then exits the JVM without closing the lab, so only the shutdown hook
 * can tear it down.
 */
public final class LabExitProbe {
    private LabExitProbe() {}

    public static void main(String[] args) {
        Lab lab = Lab.builder().guestInSubnet(101).mx(1, 0, 0).build();
        LabProcess p = lab.spawn(lab.guest(101).namespace(), "sleep", "300");
        System.out.println("PREFIX " + lab.prefix() + " PID " + p.pid());
        System.out.flush();
        System.exit(3);
    }
}
