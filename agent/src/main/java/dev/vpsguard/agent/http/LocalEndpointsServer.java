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
    private final EventLoopGroup group =
            new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel channel;

    /**
     * Starts listening.
     *
     * @throws IOException when the address cannot be bound (e.g. the port is taken)
     */
    public LocalEndpointsServer(InetSocketAddress address, LocalEndpointsHandler handler)
            throws IOException {
        ChannelFuture bind =
                new ServerBootstrap()
                        .group(group)
                        .channel(NioServerSocketChannel.class)
                        .childHandler(new LocalEndpointsInitializer(handler))
                        .bind(address)
                        .awaitUninterruptibly();
        if (!bind.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
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
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
