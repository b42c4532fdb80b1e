package dev.vpsguard.agent.enforce;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace created by a test and deleted on close. Everything the enforcement tests
 * apply goes in here, never into the root namespace.
 */
final class Netns implements AutoCloseable {
    final String name;
    final CommandRunner runner;
    private final List<String> extra = new ArrayList<>();

    private Netns(String name) {
        this.name = name;
        this.runner = SystemCommandRunner.inNamespace(name);
    }

    /** Skips the calling test unless root with nft and ip available. */
    static void assumeRootWith(String... tools) {
        String uid = SystemCommandRunner.host().run(List.of("id", "-u")).stdout().strip();
        Assumptions.assumeTrue(
                "0".equals(uid), "needs root to create network namespaces; running as uid " + uid);
        for (String tool : tools) {
            Assumptions.assumeTrue(
                    SystemCommandRunner.resolve(tool, System.getenv("PATH")) != null
                            || Files.isExecutable(Path.of("/usr/sbin", tool)),
                    "needs " + tool + " on PATH");
        }
    }

    static Netns create() {
        assumeRootWith("ip", "nft");
        String name = "vgenf" + String.format("%04x", new SecureRandom().nextInt(0x10000));
        CommandRunner.CommandResult r =
                SystemCommandRunner.host().run(List.of("ip", "netns", "add", name));
        assertTrue(r.ok(), r::describe);
        Netns ns = new Netns(name);
        ns.sh("ip link set lo up");
        return ns;
    }

    /** A second namespace that is deleted together with this one. */
    String peer(String suffix) {
        String peer = name + suffix;
        CommandRunner.CommandResult r =
                SystemCommandRunner.host().run(List.of("ip", "netns", "add", peer));
        assertTrue(r.ok(), r::describe);
        extra.add(peer);
        return peer;
    }

    /** Runs a shell snippet inside the namespace and fails the test if it fails. */
    String sh(String script) {
        CommandRunner.CommandResult r = runner.run(List.of("sh", "-ec", script));
        assertTrue(r.ok(), r::describe);
        return r.stdout();
    }

    @Override
    public void close() {
        for (String peer : extra) {
            SystemCommandRunner.host().run(List.of("ip", "netns", "del", peer));
        }
        SystemCommandRunner.host().run(List.of("ip", "netns", "del", name));
    }
}
