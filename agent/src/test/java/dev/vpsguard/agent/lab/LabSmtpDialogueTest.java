package dev.vpsguard.agent.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LabSmtpDialogueTest {
    private final LabSmtpDialogue d = new LabSmtpDialogue();

    @Test
    void fullTransactionAcceptsOneMessageAndQuitCloses() {
        assertThat(d.onLine("EHLO guest.test").lines())
                .containsExactly("250-sink.lab.test", "250 8BITMIME");
        assertThat(d.onLine("MAIL FROM:<a@guest.test>").lines()).containsExactly("250 2.1.0 Ok");
        assertThat(d.onLine("RCPT TO:<x@example.test>").lines()).containsExactly("250 2.1.5 Ok");
        assertThat(d.onLine("DATA").lines().get(0)).startsWith("354");
        assertThat(d.onLine("Subject: hi").lines()).isEmpty();
        assertThat(d.onLine("QUIT").lines()).as("QUIT inside the body is body text").isEmpty();
        LabSmtpDialogue.Reply end = d.onLine(".");
        assertThat(end.messageAccepted()).isTrue();
        assertThat(end.lines()).containsExactly("250 2.0.0 Ok: queued");
        LabSmtpDialogue.Reply quit = d.onLine("QUIT");
        assertThat(quit.close()).isTrue();
        assertThat(quit.lines()).containsExactly("221 2.0.0 Bye");
    }

    @Test
    void commandsOutOfOrderGetBadSequence() {
        assertThat(d.onLine("MAIL FROM:<a@b>").lines().get(0)).startsWith("503");
        d.onLine("HELO x");
        assertThat(d.onLine("RCPT TO:<x@y>").lines().get(0)).startsWith("503");
        d.onLine("MAIL FROM:<a@b>");
        assertThat(d.onLine("DATA").lines().get(0)).startsWith("503");
    }

    @Test
    void unknownAndOverlongCommandsAreRejectedWithoutClosing() {
        LabSmtpDialogue.Reply r = d.onLine("STARTTLS");
        assertThat(r.lines()).containsExactly("502 5.5.2 Error: command not recognized");
        assertThat(r.close()).isFalse();
        assertThat(d.onLine("NOOP " + "x".repeat(2000)).lines().get(0)).startsWith("500");
    }

    @Test
    void verbsAreCaseInsensitive() {
        assertThat(d.onLine("helo x").lines()).containsExactly("250 sink.lab.test");
        assertThat(d.onLine("quit").close()).isTrue();
    }
}
