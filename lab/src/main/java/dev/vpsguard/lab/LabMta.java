package dev.vpsguard.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A real MTA from Debian running inside one lab guest, with a private configuration, queue and log
 * under the lab's work directory; applications in the guest hand it mail with its {@code sendmail}
 * command. Stopped with the lab (its master runs in the foreground, spawned by pid).
 */
public interface LabMta {
    /** "postfix" or "exim". */
    String kind();

    LabGuest guest();

    /** The guest-side command line that takes one message on stdin (before {@code -f} etc.). */
    String sendmail();

    /** The MTA's own mail log so far. */
    String log();

    /** Messages still in the queue (deferred or active). */
    int queued();

    /**
     * The lab's work directory must be traversable by the MTA's unprivileged users (postfix,
     * Debian-exim): the temporary directory is created 0700.
     */
    static Path instanceDir(Lab lab, String name) {
        try {
            Files.setPosixFilePermissions(
                    lab.workDir(), PosixFilePermissions.fromString("rwx--x--x"));
            Path dir = Files.createDirectories(lab.workDir().resolve(name));
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the MTA greets on the guest's loopback; fails early if its daemon exits. */
    static void awaitGreeting(Lab lab, LabGuest guest, LabProcess daemon, LabMta mta) {
        LabPoll.until(
                java.time.Duration.ofSeconds(20),
                () -> {
                    if (!daemon.isAlive()) {
                        throw new IllegalStateException(
                                mta.kind() + " exited: " + daemon.output() + mta.log());
                    }
                    return LabSmtpProbe.greeting(lab, guest, "127.0.0.1", 25).startsWith("220 ");
                },
                () -> mta.kind() + " in guest " + guest.vmid() + " to greet: " + mta.log());
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
