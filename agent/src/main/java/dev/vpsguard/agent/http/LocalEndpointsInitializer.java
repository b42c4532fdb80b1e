package dev.vpsguard.agent.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;

/** The local endpoint's pipeline. */
final class LocalEndpointsInitializer extends ChannelInitializer<SocketChannel> {
    /** Requests are GETs; anything larger is not for us. */
    private static final int MAX_REQUEST_BYTES = 8 * 1024;

    private final LocalEndpointsHandler handler;

    LocalEndpointsInitializer(LocalEndpointsHandler handler) {
        this.handler = handler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(new ReadTimeoutHandler(30))
                .addLast(new HttpServerCodec())
                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                .addLast(handler);
    }
}
