package dev.vpsguard.lab;

import java.util.List;
import java.util.Locale;

/**
 * The server side of one minimal SMTP session (RFC 5321 subset: EHLO/HELO, MAIL, RCPT, DATA, RSET,
 * NOOP, QUIT), as a pure state machine: a line in, the reply lines out. No TLS, no AUTH, no
 * pipelining advertised. Enough for swaks, the lab's generator and real MTAs (Postfix, Exim).
 *
 * <p>Like a real MX: a recipient whose local part starts with {@code unknown} is rejected with
 * {@code 550 5.1.1} (a mailing list's stale addresses bounce), and with a {@link LabGreylist} the
 * first try of each (client, sender, recipient) gets {@code 450 4.2.0}.
 */
final class LabSmtpDialogue {
    static final String GREETING = "220 sink.lab.test ESMTP vglab sink";
    static final int MAX_COMMAND_LENGTH = 1000;

    private enum State {
        COMMAND,
        DATA
    }

    private final LabGreylist greylist;
    private final String client;
    private State state = State.COMMAND;
    private boolean greeted;
    private boolean hasSender;
    private String sender = "";
    private int recipients;

    LabSmtpDialogue() {
        this(null, "");
    }

    /**
     * @param greylist the MX's greylist, or null for none
     * @param client the client's address, part of the greylist's triplet
     */
    LabSmtpDialogue(LabGreylist greylist, String client) {
        this.greylist = greylist;
        this.client = client;
    }

    /**
     * What the server answers to one client line, and what it means.
     *
     * @param lines the reply lines (without CRLF); empty while the message body is read
     * @param close whether the server closes the connection after sending them
     * @param messageAccepted whether this line completed a message (the lone "." after DATA)
     */
    record Reply(List<String> lines, boolean close, boolean messageAccepted) {
        static Reply of(String... lines) {
            return new Reply(List.of(lines), false, false);
        }
    }

    /** Handles one line received from the client, without its CRLF. */
    Reply onLine(String line) {
        if (state == State.DATA) {
            if (line.equals(".")) {
                state = State.COMMAND;
                hasSender = false;
                recipients = 0;
                return new Reply(List.of("250 2.0.0 Ok: queued"), false, true);
            }
            return Reply.of();
        }
        if (line.length() > MAX_COMMAND_LENGTH) {
            return Reply.of("500 5.5.2 Line too long");
        }
        String verb = verb(line);
        switch (verb) {
            case "EHLO":
                greeted = true;
                return Reply.of("250-sink.lab.test", "250 8BITMIME");
            case "HELO":
                greeted = true;
                return Reply.of("250 sink.lab.test");
            case "MAIL":
                if (!greeted) {
                    return Reply.of("503 5.5.1 Error: send HELO/EHLO first");
                }
                hasSender = true;
                sender = address(line);
                recipients = 0;
                return Reply.of("250 2.1.0 Ok");
            case "RCPT":
                if (!hasSender) {
                    return Reply.of("503 5.5.1 Error: need MAIL command");
                }
                String rcpt = address(line);
                if (rcpt.toLowerCase(Locale.ROOT).startsWith("unknown")) {
                    return Reply.of(
                            "550 5.1.1 <" + rcpt + ">: Recipient address rejected: User unknown");
                }
                if (greylist != null && greylist.defer(client, sender, rcpt)) {
                    return Reply.of(
                            "450 4.2.0 <"
                                    + rcpt
                                    + ">: Recipient address rejected: Greylisted, try again later");
                }
                recipients++;
                return Reply.of("250 2.1.5 Ok");
            case "DATA":
                if (recipients == 0) {
                    return Reply.of("503 5.5.1 Error: need RCPT command");
                }
                state = State.DATA;
                return Reply.of("354 End data with <CR><LF>.<CR><LF>");
            case "RSET":
                hasSender = false;
                recipients = 0;
                return Reply.of("250 2.0.0 Ok");
            case "NOOP":
                return Reply.of("250 2.0.0 Ok");
            case "QUIT":
                return new Reply(List.of("221 2.0.0 Bye"), true, false);
            default:
                return Reply.of("502 5.5.2 Error: command not recognized");
        }
    }

    /** The address between angle brackets of a MAIL or RCPT line ("" for the null sender). */
    private static String address(String line) {
        int lt = line.indexOf('<');
        int gt = line.indexOf('>', lt + 1);
        return lt < 0 || gt < 0 ? "" : line.substring(lt + 1, gt);
    }

    private static String verb(String line) {
        int sp = line.indexOf(' ');
        String v = sp < 0 ? line : line.substring(0, sp);
        // "MAIL FROM:" and "RCPT TO:" start with a four-letter verb like the others.
        return v.trim().toUpperCase(Locale.ROOT);
    }
}
