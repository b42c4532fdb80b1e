package dev.vpsguard.agent.enforce;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The tiny SMTP server that blocked guests' port-25 connections are DNATed to, listening on the
 * host's IPv4 address and, when there is one, its IPv6 address. It only bootstraps; the
 * conversation is in {@link NoticeSession}.
 *
 * <p>The IPv4 address is required: when it cannot be bound, {@link #start()} fails. An IPv6 address
 * that cannot be bound (e.g. still tentative during duplicate address detection) leaves the
 * responder running on IPv4 only; {@link #ipv6Problem()} says why, and the next {@link #start()}
 * tries it again.
 */
public final class NoticeResponder implements AutoCloseable {
    private final NoticeResponderConfig config;
    private final Function<InetAddress, String> notices;
    private final Map<InetSocketAddress, Channel> servers = new LinkedHashMap<>();
    private EventLoopGroup group;
    private ServerBootstrap bootstrap;
    private String ipv6Problem;

    /**
     * @param notices guest address → notice text (null or blank gives {@link NoticeText#DEFAULT});
     *     called on the event loop, so it must be a fast in-memory lookup
     */
    public NoticeResponder(NoticeResponderConfig config, Function<InetAddress, String> notices) {
        this.config = config;
        this.notices = notices;
    }

    /**
     * Binds every configured address not listening yet and starts serving.
     *
     * @return the first address actually bound (the port is chosen by the kernel when 0 was asked)
     * @throws InterruptedException when interrupted while binding
     * @throws IllegalStateException when every address already listens
     * @throws UncheckedIOException when the IPv4 address cannot be bound (its message is the
     *     kernel's, e.g. {@code Address already in use})
     */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("notice responder already started");
        }
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            // One gate for all addresses: the caps hold over both families together.
            ConnectionGate gate =
                    new ConnectionGate(
                            config.maxConnections(),
                            new SourceRateLimiter(
                                    config.perSourcePerMinute(),
                                    Duration.ofMinutes(1),
                                    65_536,
                                    Ticker.systemTicker()),
                            notices);
            bootstrap =
                    new ServerBootstrap()
                            .group(group)
                            .channel(NioServerSocketChannel.class)
                            .option(ChannelOption.SO_BACKLOG, 128)
                            .childHandler(new NoticeResponderInitializer(config, gate, notices));
        }
        for (InetSocketAddress bind : config.binds()) {
            if (listening(bind)) {
                continue;
            }
            try {
                servers.put(bind, bootstrap.bind(bind).sync().channel());
                if (NoticeResponderConfig.v6(bind)) {
                    ipv6Problem = null;
                }
            } catch (Exception e) {
                // Netty rethrows the BindException undeclared.
                if (NoticeResponderConfig.v6(bind) && !(e instanceof InterruptedException)) {
                    // IPv4 alone still answers; IPv6 is retried on the next start.
                    String why = e.getMessage() == null ? e.toString() : e.getMessage();
                    ipv6Problem =
                            "cannot listen on ["
                                    + Cidr.parse(bind.getAddress().getHostAddress()).address()
                                    + "]:"
                                    + bind.getPort()
                                    + ": "
                                    + why;
                    continue;
                }
                if (servers.isEmpty()) {
                    shutdownGroup(0);
                }
                if (e instanceof InterruptedException | e instanceof RuntimeException) {
                    throw e;
                }
                IOException io = e instanceof IOException x ? x : new IOException(e);
                throw new UncheckedIOException(io.getMessage(), io);
            }
        }
        if (servers.isEmpty()) {
            shutdownGroup(0);
            throw new IllegalStateException(ipv6Problem);
        }
        return (InetSocketAddress) servers.values().iterator().next().localAddress();
    }

    /** The addresses actually listening, in the configured order. */
    public synchronized List<InetSocketAddress> listeningOn() {
        return servers.values().stream()
                .filter(Channel::isActive)
                .map(c -> (InetSocketAddress) c.localAddress())
                .toList();
    }

    /** Whether every configured address is listening. */
    public synchronized boolean isRunning() {
        return config.binds().stream().allMatch(this::listening);
    }

    /** Whether the responder listens on its address of that family (false when it has none). */
    public synchronized boolean isListening(boolean v6) {
        return config.binds().stream()
                .anyMatch(b -> NoticeResponderConfig.v6(b) == v6 && listening(b));
    }

    /** Why the configured IPv6 address is not listening, or null. */
    public synchronized String ipv6Problem() {
        return ipv6Problem;
    }

    @Override
    public synchronized void close() {
        servers.values().forEach(c -> c.close().syncUninterruptibly());
        servers.clear();
        shutdownGroup(2);
    }

    private boolean listening(InetSocketAddress bind) {
        Channel c = servers.get(bind);
        return c != null && c.isActive();
    }

    private void shutdownGroup(int timeoutSeconds) {
        if (group != null) {
            group.shutdownGracefully(0, timeoutSeconds, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
            bootstrap = null;
        }
    }
}
