package dev.vpsguard.packaging;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the Debian tools the package checks read with. */
final class Tools {
    record Result(int exit, String out, String err) {}

    private Tools() {}

    /** The one {@code <pkg>_<version>_all.deb} in {@code dir}; skips where dpkg-deb is absent. */
    static Path deb(Path dir, String pkg) throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                onPath("dpkg-deb"),
                "dpkg-deb is not installed: the .deb files are built but not read back");
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            List<Path> debs =
                    files.filter(p -> p.getFileName().toString().startsWith(pkg + "_"))
                            .filter(p -> p.getFileName().toString().endsWith("_all.deb"))
                            .toList();
            if (debs.size() != 1) {
                throw new AssertionError(
                        "expected one " + pkg + "_<version>_all.deb in " + dir + ", found " + debs);
            }
            return debs.get(0);
        }
    }

    /** {@code sh -c script}, at most {@code seconds}. */
    static Result sh(String script, int seconds) throws IOException, InterruptedException {
        return run(List.of("sh", "-c", script), "", seconds);
    }

    static boolean onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** {@code dpkg-deb ARG deb [more...]}; fails the test on a non-zero exit. */
    static String dpkgDeb(String arg, Path deb, String... more) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("dpkg-deb", arg, deb.toString()));
        cmd.addAll(List.of(more));
        Result r = run(cmd, "");
        if (r.exit() != 0) {
            throw new AssertionError(
                    String.join(" ", cmd) + " exited " + r.exit() + ": " + r.err());
        }
        return r.out();
    }

    /** One file of the package's data, read with {@code dpkg-deb --fsys-tarfile} and tar. */
    static String extract(Path deb, String member) throws Exception {
        Result r =
                run(
                        List.of(
                                "sh",
                                "-c",
                                "dpkg-deb --fsys-tarfile \"$1\" | tar -xOf - \"$2\"",
                                "sh",
                                deb.toString(),
                                member),
                        "");
        if (r.exit() != 0) {
            throw new AssertionError("no " + member + " in " + deb + ": " + r.err());
        }
        return r.out();
    }

    static Result run(List<String> cmd, String stdin) throws IOException, InterruptedException {
        return run(cmd, stdin, 60);
    }

    /** Runs {@code cmd} to its end, at most {@code seconds}; stdout and stderr apart. */
    static Result run(List<String> cmd, String stdin, int seconds)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(
                    String.join(" ", cmd) + " did not finish in " + seconds + " s");
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static CompletableFuture<String> drain(java.io.InputStream s) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (s) {
                        return new String(s.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
    }
}
