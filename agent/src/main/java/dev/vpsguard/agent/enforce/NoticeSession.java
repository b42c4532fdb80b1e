package dev.vpsguard.agent.enforce;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.function.Function;

/**
 * One SMTP conversation with a blocked guest: greets with {@code 554 5.7.1 <notice>}, answers
 * {@code QUIT} with {@code 221 2.0.0 Bye} and anything else with the 554 line again, and closes
 * after {@code maxReplies} replies or on any error (e.g. a line over the length limit).
 */
final class NoticeSession extends SimpleChannelInboundHandler<String> {
    private final Function<InetAddress, String> notices;
    private final int maxReplies;
    private String reply;
    private int replies;

    /**
     * @param notices guest address → notice text; called once per connection, must not block
     */
    NoticeSession(Function<InetAddress, String> notices, int maxReplies) {
        this.notices = notices;
        this.maxReplies = maxReplies;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String text;
        if (ctx.channel().hasAttr(ConnectionGate.NOTICE)) {
            text = ctx.channel().attr(ConnectionGate.NOTICE).get();
        } else {
            InetAddress source =
                    ctx.channel().remoteAddress() instanceof InetSocketAddress remote
                            ? remote.getAddress()
                            : null;
            text = lookup(notices, source);
        }
        reply = "554 5.7.1 " + NoticeText.sanitize(text, NoticeText.DEFAULT) + "\r\n";
        send(ctx, reply);
        ctx.fireChannelActive();
    }

    /**
     * The notice for {@code source} (null when the address is unknown), or null when there is none
     * or the lookup fails.
     */
    static String lookup(Function<InetAddress, String> notices, InetAddress source) {
        try {
            return notices.apply(source);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, String line) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (line.strip().toUpperCase(Locale.ROOT).equals("QUIT")) {
            ctx.writeAndFlush("221 2.0.0 Bye\r\n").addListener(ChannelFutureListener.CLOSE);
            return;
        }
        send(ctx, reply);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    private void send(ChannelHandlerContext ctx, String line) {
        replies++;
        if (replies >= maxReplies) {
            ctx.writeAndFlush(line).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(line);
        }
    }
}
