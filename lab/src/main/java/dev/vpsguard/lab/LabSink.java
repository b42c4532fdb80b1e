package dev.vpsguard.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Handle, in the test JVM, on a {@link LabSmtpSink} running in the lab's {@code inet} namespace.
 * Reads its counters over the sink's Unix-domain control socket.
 */
public final class LabSink implements AutoCloseable {
    /** The port the sink also listens on at {@link Lab#ROUTER_ADDRESS}: non-SMTP traffic. */
    public static final int WEB_PORT = 80;

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final LabProcess process;
    private final Path control;

    private LabSink(LabProcess process, Path control) {
        this.process = process;
        this.control = control;
    }

    /**
     * Starts the sink on port 25 of every accepting MX address, plus {@link Lab#ROUTER_ADDRESS}
     * port 80, and waits until it is ready.
     */
    public static LabSink start(Lab lab) {
        List<String> endpoints = new ArrayList<>();
        for (String a : lab.mx().accepting()) {
            endpoints.add(a + ":25");
        }
        endpoints.add(Lab.ROUTER_ADDRESS + ":" + WEB_PORT);
        return start(lab, endpoints);
    }

    /**
     * Starts the sink like {@link #start(Lab)}, with MX addresses that behave like real ones (see
     * {@link LabSmtpSink}): some greylist, some answer slowly, some accept and never answer. Each
     * list holds accepting MX addresses; every sink rejects unknown users with {@code 550}. In a
     * lab with IPv6 the accepting MX's IPv6 twins accept too (plainly).
     */
    public static LabSink startLikeRealMx(
            Lab lab, List<String> greylisting, List<String> slow, List<String> silent) {
        List<String> endpoints = new ArrayList<>();
        for (String a : lab.mx().accepting()) {
            endpoints.add(a + ":25");
            if (lab.ipv6()) {
                endpoints.add("[" + Lab.v6(a) + "]:25");
            }
        }
        endpoints.add(Lab.ROUTER_ADDRESS + ":" + WEB_PORT);
        List<String> extra = new ArrayList<>();
        for (var b :
                List.of(
                        Map.entry("--greylist", greylisting),
                        Map.entry("--slow", slow),
                        Map.entry("--silent", silent))) {
            if (!b.getValue().isEmpty()) {
                extra.addAll(List.of(b.getKey(), String.join(",", b.getValue())));
            }
        }
        return start(lab, endpoints, extra);
    }

    /** Starts the sink on the given {@code ip:port} endpoints and waits until it is ready. */
    public static LabSink start(Lab lab, List<String> endpoints) {
        return start(lab, endpoints, List.of());
    }

    private static LabSink start(Lab lab, List<String> endpoints, List<String> options) {
        Path control = lab.workDir().resolve("sink-" + System.nanoTime() % 100000 + ".sock");
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--listen",
                                String.join(",", endpoints),
                                "--control",
                                control.toString()));
        args.addAll(options);
        List<String> cmd =
                Lab.javaCommand(LabSmtpSink.class.getName(), args.toArray(String[]::new));
        LabProcess p = lab.spawn(lab.inet(), cmd.toArray(String[]::new));
        LabSink sink = new LabSink(p, control);
        LabPoll.until(
                STARTUP,
                () -> {
                    if (!p.isAlive()) {
                        throw new IllegalStateException("sink exited: " + p.output());
                    }
                    return p.output().contains("READY") && Files.exists(control);
                },
                () -> "sink to start: " + p.output());
        return sink;
    }

    public LabProcess process() {
        return process;
    }

    /** The sink's counters now. */
    public SinkCounts counts() {
        return SinkCounts.parse(request("COUNTS"));
    }

    /** Zeroes the sink's counters. */
    public void reset() {
        List<String> r = request("RESET");
        if (!r.equals(List.of("OK"))) {
            throw new IllegalStateException("sink RESET answered " + r);
        }
    }

    private List<String> request(String command) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(control));
            c.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            BufferedReader in =
                    new BufferedReader(
                            Channels.newReader(c, StandardCharsets.US_ASCII.newDecoder(), -1));
            List<String> lines = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("sink control " + control + ": " + command, e);
        }
    }

    /** Stops the sink process (SIGTERM, by pid). */
    @Override
    public void close() {
        process.stop();
    }
}
