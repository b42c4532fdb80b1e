package dev.vpsguard.agent.enforce;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The notice responder's pipeline. */
final class NoticeResponderInitializer extends ChannelInitializer<SocketChannel> {
    private final NoticeResponderConfig config;
    private final ConnectionGate gate;
    private final Function<InetAddress, String> notices;

    NoticeResponderInitializer(
            NoticeResponderConfig config,
            ConnectionGate gate,
            Function<InetAddress, String> notices) {
        this.config = config;
        this.gate = gate;
        this.notices = notices;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast(gate)
                .addLast(
                        new IdleStateHandler(
                                0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS))
                .addLast(new IdleCloser())
                .addLast(new LineBasedFrameDecoder(config.maxLineLength(), true, true))
                .addLast(new StringDecoder(StandardCharsets.US_ASCII))
                .addLast(new StringEncoder(StandardCharsets.US_ASCII))
                .addLast(new NoticeSession(notices, config.maxReplies()));
    }
}
