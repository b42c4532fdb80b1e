package dev.vpsguard.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * The lab's test SMTP server, a {@code main} class run inside the lab's {@code inet} namespace (see
 * {@link LabSink}). It listens on every given {@code address:port}, speaks {@link LabSmtpDialogue},
 * and counts accepted connections and messages per local endpoint. Counts are read over a
 * Unix-domain control socket (a file path, so the test JVM in another network namespace reaches it
 * without any network traffic): send {@code COUNTS} for lines {@code conn <ip:port> <n>} and {@code
 * msg <ip:port> <n>} ending with {@code END}, or {@code RESET}.
 *
 * <p>Usage: {@code LabSmtpSink --listen ip:port[,ip:port...] --control /path/sink.sock [--greylist
 * ip,...] [--slow ip,...] [--silent ip,...]}. Prints {@code READY} once every socket is bound.
 * Stops on SIGTERM.
 *
 * <p>Like real MX hosts, listed addresses behave differently: {@code --greylist} defers each
 * triplet's first try with {@code 450} ({@link LabGreylist}, retry accepted after {@link
 * #GREYLIST_DELAY_MILLIS}); {@code --slow} greets after {@link #SLOW_GREETING_MILLIS} and answers
 * every command {@link #SLOW_REPLY_MILLIS} late (a loaded MX); {@code --silent} accepts the
 * connection and never says a word (a hung MX, the client's timeout ends it).
 */
public final class LabSmtpSink {
    private static final int READ_TIMEOUT_MILLIS = 30_000;
    static final long GREYLIST_DELAY_MILLIS = 5_000;
    static final long SLOW_GREETING_MILLIS = 4_000;
    static final long SLOW_REPLY_MILLIS = 500;

    private final Map<String, LongAdder> connections = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> messages = new ConcurrentHashMap<>();
    private final ExecutorService sessions = Executors.newFixedThreadPool(256, daemon("session"));
    private final LabGreylist greylist =
            new LabGreylist(GREYLIST_DELAY_MILLIS, System::currentTimeMillis);
    private final Map<String, Set<String>> behaviours = new TreeMap<>();

    public static void main(String[] args) throws IOException {
        List<InetSocketAddress> listen = new ArrayList<>();
        Path control = null;
        LabSmtpSink sink = new LabSmtpSink();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--listen":
                    for (String ep : args[i + 1].split(",")) {
                        int c = ep.lastIndexOf(':');
                        listen.add(
                                new InetSocketAddress(
                                        ep.substring(0, c), Integer.parseInt(ep.substring(c + 1))));
                    }
                    break;
                case "--control":
                    control = Path.of(args[i + 1]);
                    break;
                case "--greylist", "--slow", "--silent":
                    sink.behaviours.put(args[i].substring(2), Set.of(args[i + 1].split(",")));
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (listen.isEmpty() || control == null) {
            System.err.println("usage: LabSmtpSink --listen ip:port[,ip:port...] --control PATH");
            System.exit(2);
        }
        sink.run(listen, control);
    }

    private void run(List<InetSocketAddress> listen, Path control) throws IOException {
        Selector selector = Selector.open();
        for (InetSocketAddress a : listen) {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.bind(a, 1024);
            s.configureBlocking(false);
            s.register(selector, SelectionKey.OP_ACCEPT);
        }
        Files.deleteIfExists(control);
        ServerSocketChannel ctl = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        ctl.bind(UnixDomainSocketAddress.of(control));
        Path ctlPath = control;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> ctlPath.toFile().delete(), "sink-cleanup"));
        daemon("control").newThread(() -> serveControl(ctl)).start();
        System.out.println("READY " + listen.size());
        System.out.flush();
        while (true) {
            selector.select();
            for (SelectionKey k : selector.selectedKeys()) {
                SocketChannel c = ((ServerSocketChannel) k.channel()).accept();
                if (c != null) {
                    InetSocketAddress local = (InetSocketAddress) c.getLocalAddress();
                    String key = local.getAddress().getHostAddress() + ":" + local.getPort();
                    connections.computeIfAbsent(key, x -> new LongAdder()).increment();
                    sessions.execute(() -> serve(c, key));
                }
            }
            selector.selectedKeys().clear();
        }
    }

    private boolean is(String behaviour, String localIp) {
        return behaviours.getOrDefault(behaviour, Set.of()).contains(localIp);
    }

    private void serve(SocketChannel channel, String key) {
        try (channel) {
            channel.configureBlocking(true);
            channel.socket().setSoTimeout(READ_TIMEOUT_MILLIS);
            String localIp = key.substring(0, key.lastIndexOf(':'));
            String client =
                    ((InetSocketAddress) channel.getRemoteAddress()).getAddress().getHostAddress();
            BufferedReader in =
                    new BufferedReader(
                            new InputStreamReader(
                                    channel.socket().getInputStream(),
                                    StandardCharsets.ISO_8859_1));
            OutputStream out = channel.socket().getOutputStream();
            if (is("silent", localIp)) {
                while (in.readLine() != null) {
                    // A hung MX: reads whatever comes, never answers; the client gives up.
                }
                return;
            }
            boolean slow = is("slow", localIp);
            pause(slow ? SLOW_GREETING_MILLIS : 0);
            write(out, List.of(LabSmtpDialogue.GREETING));
            LabSmtpDialogue dialogue =
                    new LabSmtpDialogue(is("greylist", localIp) ? greylist : null, client);
            String line;
            while ((line = in.readLine()) != null) {
                LabSmtpDialogue.Reply r = dialogue.onLine(line);
                pause(slow && !r.lines().isEmpty() ? SLOW_REPLY_MILLIS : 0);
                write(out, r.lines());
                if (r.messageAccepted()) {
                    messages.computeIfAbsent(key, x -> new LongAdder()).increment();
                }
                if (r.close()) {
                    return;
                }
            }
        } catch (IOException e) {
            // A client that resets or goes away mid-session is normal for bots; nothing to do.
        }
    }

    private static void pause(long millis) throws IOException {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void write(OutputStream out, List<String> lines) throws IOException {
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l).append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void serveControl(ServerSocketChannel ctl) {
        while (true) {
            try (SocketChannel c = ctl.accept()) {
                BufferedReader in =
                        new BufferedReader(
                                Channels.newReader(c, StandardCharsets.US_ASCII.newDecoder(), -1));
                OutputStream out = Channels.newOutputStream(c);
                String cmd = in.readLine();
                String reply;
                if ("COUNTS".equals(cmd)) {
                    reply = render();
                } else if ("RESET".equals(cmd)) {
                    connections.clear();
                    messages.clear();
                    reply = "OK\n";
                } else {
                    reply = "ERR unknown command\n";
                }
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                System.err.println("control: " + e);
            }
        }
    }

    private String render() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(connections)
                .forEach(
                        (k, v) ->
                                sb.append("conn ")
                                        .append(k)
                                        .append(' ')
                                        .append(v.sum())
                                        .append('\n'));
        new TreeMap<>(messages)
                .forEach(
                        (k, v) ->
                                sb.append("msg ")
                                        .append(k)
                                        .append(' ')
                                        .append(v.sum())
                                        .append('\n'));
        return sb.append("END\n").toString();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, "sink-" + name);
            t.setDaemon(true);
            return t;
        };
    }
}
