package dev.vpsguard.agent.enforce;

import com.github.benmanes.caffeine.cache.Ticker;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.function.Function;

/**
 * The tiny SMTP server that blocked guests' port-25 connections are DNATed to. It only bootstraps;
 * the conversation is in {@link NoticeSession}.
 */
public final class NoticeResponder implements AutoCloseable {
    private final NoticeResponderConfig config;
    private final Function<InetAddress, String> notices;
    private EventLoopGroup group;
    private Channel server;

    /**
     * @param notices guest address → notice text (null or blank gives {@link NoticeText#DEFAULT});
     *     called on the event loop, so it must be a fast in-memory lookup
     */
    public NoticeResponder(NoticeResponderConfig config, Function<InetAddress, String> notices) {
        this.config = config;
        this.notices = notices;
    }

    /**
     * Binds and starts serving.
     *
     * @return the address actually bound (the port is chosen by the kernel when 0 was asked)
     * @throws InterruptedException when interrupted while binding
     */
    public synchronized InetSocketAddress start() throws InterruptedException {
        if (server != null) {
            throw new IllegalStateException("notice responder already started");
        }
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ConnectionGate gate =
                new ConnectionGate(
                        config.maxConnections(),
                        new SourceRateLimiter(
                                config.perSourcePerMinute(),
                                Duration.ofMinutes(1),
                                65_536,
                                Ticker.systemTicker()));
        try {
            server =
                    new ServerBootstrap()
                            .group(group)
                            .channel(NioServerSocketChannel.class)
                            .option(ChannelOption.SO_BACKLOG, 128)
                            .childHandler(new NoticeResponderInitializer(config, gate, notices))
                            .bind(config.bind())
                            .sync()
                            .channel();
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS);
            group = null;
            throw e;
        }
        return (InetSocketAddress) server.localAddress();
    }

    /** Whether it is listening. */
    public synchronized boolean isRunning() {
        return server != null && server.isActive();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS)
                    .syncUninterruptibly();
            group = null;
        }
    }
}
