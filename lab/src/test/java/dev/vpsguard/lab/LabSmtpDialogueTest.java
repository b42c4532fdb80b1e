package dev.vpsguard.lab;

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

    @Test
    void unknownUsersAreRejectedWith550AndTheSessionGoesOn() {
        d.onLine("EHLO x");
        d.onLine("MAIL FROM:<list@guest.test>");
        assertThat(d.onLine("RCPT TO:<unknown7@example.test>").lines())
                .containsExactly(
                        "550 5.1.1 <unknown7@example.test>: Recipient address rejected: User"
                                + " unknown");
        assertThat(d.onLine("RCPT TO:<ann@example.test>").lines()).containsExactly("250 2.1.5 Ok");
        assertThat(d.onLine("DATA").lines().get(0)).startsWith("354");
    }

    @Test
    void greylistDefersTheFirstTryAndAcceptsARetryAfterTheDelay() {
        long[] now = {1_000};
        LabGreylist grey = new LabGreylist(2_000, () -> now[0]);
        LabSmtpDialogue first = new LabSmtpDialogue(grey, "198.51.100.101");
        first.onLine("EHLO x");
        first.onLine("MAIL FROM:<a@guest.test>");
        assertThat(first.onLine("RCPT TO:<b@example.test>").lines().get(0)).startsWith("450 4.2.0");
        assertThat(first.onLine("DATA").lines().get(0)).as("no recipient").startsWith("503");
        now[0] += 1_000;
        LabSmtpDialogue early = new LabSmtpDialogue(grey, "198.51.100.101");
        early.onLine("EHLO x");
        early.onLine("MAIL FROM:<a@guest.test>");
        assertThat(early.onLine("RCPT TO:<b@example.test>").lines().get(0)).startsWith("450");
        now[0] += 1_500;
        LabSmtpDialogue retry = new LabSmtpDialogue(grey, "198.51.100.101");
        retry.onLine("EHLO x");
        retry.onLine("MAIL FROM:<a@guest.test>");
        assertThat(retry.onLine("RCPT TO:<b@example.test>").lines())
                .containsExactly("250 2.1.5 Ok");
        assertThat(retry.onLine("RCPT TO:<c@example.test>").lines().get(0))
                .as("another recipient is a new triplet")
                .startsWith("450");
    }
}
