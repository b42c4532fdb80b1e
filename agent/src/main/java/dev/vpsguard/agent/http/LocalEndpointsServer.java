package dev.vpsguard.agent.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** Binds the local {@code /metrics} and {@code /healthz} endpoint. Only bootstraps. */
public final class LocalEndpointsServer implements AutoCloseable {
    private final EventLoopGroup group;

    /** Whether {@link #close()} shuts the group down (it is this server's own). */
    private final boolean ownsGroup;

    private final Channel channel;

    /**
     * Starts listening on its own event loop thread.
     *
     * @throws IOException when the address cannot be bound (e.g. the port is taken)
     */
    public LocalEndpointsServer(InetSocketAddress address, LocalEndpointsHandler handler)
            throws IOException {
        this(address, handler, null);
    }

    /**
     * Starts listening on {@code group} (shared with the report client; the caller shuts it down),
     * or on its own event loop when {@code group} is null.
     *
     * @throws IOException when the address cannot be bound (e.g. the port is taken)
     */
    public LocalEndpointsServer(
            InetSocketAddress address, LocalEndpointsHandler handler, EventLoopGroup group)
            throws IOException {
        this.ownsGroup = group == null;
        this.group =
                group != null
                        ? group
                        : new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ChannelFuture bind =
                new ServerBootstrap()
                        .group(this.group)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(new LocalEndpointsInitializer(handler))
                        .bind(address)
                        .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            if (ownsGroup) {
                this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
            throw new IOException(
                    "cannot listen on " + address + " for /metrics: " + bind.cause().getMessage(),
                    bind.cause());
        }
        channel = bind.channel();
    }

    /** The bound address (its port, when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        if (ownsGroup) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
