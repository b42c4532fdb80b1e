package dev.vpsguard.agent.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class NoticeSessionTest {
    static EmbeddedChannel channel(String notice, int maxReplies) {
        return new EmbeddedChannel(
                new IdleStateHandler(0, 0, 10, TimeUnit.SECONDS),
                new IdleCloser(),
                new LineBasedFrameDecoder(64, true, true),
                new StringDecoder(StandardCharsets.US_ASCII),
                new StringEncoder(StandardCharsets.US_ASCII),
                new NoticeSession(address -> notice, maxReplies));
    }

    static String read(EmbeddedChannel ch) {
        ByteBuf buf = ch.readOutbound();
        try {
            return buf.toString(StandardCharsets.US_ASCII);
        } finally {
            buf.release();
        }
    }

    static void send(EmbeddedChannel ch, String text) {
        ch.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII));
    }

    @Test
    void greetsWith554NoticeAndAnswersQuitWith221ThenCloses() {
        EmbeddedChannel ch = channel("Blocked for spam, ticket 42", 4);
        assertThat(read(ch)).isEqualTo("554 5.7.1 Blocked for spam, ticket 42\r\n");
        send(ch, "QUIT\r\n");
        assertThat(read(ch)).isEqualTo("221 2.0.0 Bye\r\n");
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void anythingElseGets554AgainUntilTheReplyLimitCloses() {
        EmbeddedChannel ch = channel("No mail", 3);
        assertThat(read(ch)).startsWith("554 5.7.1 No mail");
        send(ch, "EHLO guest.example\r\n");
        assertThat(read(ch)).isEqualTo("554 5.7.1 No mail\r\n");
        assertThat(ch.isOpen()).isTrue();
        send(ch, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n");
        assertThat(read(ch)).isEqualTo("554 5.7.1 No mail\r\n");
        assertThat(ch.isOpen()).isFalse();
        assertThat((Object) ch.readOutbound()).isNull();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void notesAreSanitizedIntoOneLine() {
        EmbeddedChannel ch = channel("Blocked\r\n250 OK fake\u00e9", 4);
        assertThat(read(ch)).isEqualTo("554 5.7.1 Blocked 250 OK fake?\r\n");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void missingNoticeGetsTheDefaultText() {
        EmbeddedChannel ch = channel(null, 4);
        assertThat(read(ch)).isEqualTo("554 5.7.1 " + NoticeText.DEFAULT + "\r\n");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void overlongLineClosesTheConnection() {
        EmbeddedChannel ch = channel("No mail", 4);
        read(ch);
        send(ch, "X".repeat(200));
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void silentClientIsClosedAfterTheIdleTimeout() {
        EmbeddedChannel ch = channel("No mail", 4);
        read(ch);
        ch.advanceTimeBy(9, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isTrue();
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }
}
