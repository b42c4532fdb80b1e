package dev.vpsguard.agent.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code ip -j neigh show} and hands its output to {@link IpNeighbourParser}. */
public final class IpNeighbourCommand {
    private final List<String> command;

    /** Runs {@code ip -j neigh show}. */
    public IpNeighbourCommand() {
        this(List.of("ip", "-j", "neigh", "show"));
    }

    /**
     * @param command the command line to run instead (tests)
     */
    public IpNeighbourCommand(List<String> command) {
        this.command = List.copyOf(command);
    }

    /**
     * The host's neighbour table now.
     *
     * @throws IOException when the command cannot run, fails, or does not exit within 5 seconds of
     *     closing its output
     */
    public List<NeighbourEntry> read() throws IOException {
        Process process =
                new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream out = process.getInputStream()) {
            String json = new String(out.readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed");
            }
            return IpNeighbourParser.parse(json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", command), e);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        } finally {
            process.destroy();
        }
    }
}
