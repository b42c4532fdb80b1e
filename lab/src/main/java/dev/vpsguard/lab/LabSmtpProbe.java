package dev.vpsguard.lab;

/** SMTP probes run inside a lab guest with real clients (swaks, bash's /dev/tcp). */
public final class LabSmtpProbe {
    private LabSmtpProbe() {}

    /**
     * A swaks dialogue from {@code guest} to {@code mx} up to RCPT (3 s timeout); its output. An
     * IPv6 {@code mx} is dialled over IPv6 ({@code -6}).
     */
    public static String swaks(Lab lab, LabGuest guest, String mx) {
        return lab.exec(
                        guest.namespace(),
                        "swaks",
                        mx.contains(":") ? "-6" : "-4",
                        "--server",
                        mx,
                        "--to",
                        "x@example.test",
                        "--from",
                        "y@example.test",
                        "--quit-after",
                        "RCPT",
                        "--timeout",
                        "3")
                .output();
    }

    /**
     * The first line a TCP server sends to {@code guest}; {@code TIMEOUT} when nothing answers
     * within 3 s; else bash's error (e.g. {@code Connection refused}).
     */
    public static String greeting(Lab lab, LabGuest guest, String ip, int port) {
        ExecResult r =
                lab.exec(
                        guest.namespace(),
                        "timeout",
                        "3",
                        "bash",
                        "-c",
                        "exec 3<>/dev/tcp/"
                                + ip
                                + "/"
                                + port
                                + " || exit 7\n"
                                + "IFS= read -r -t 2 line <&3 && printf '%s\\n' \"${line%$'\\r'}\"");
        if (r.exitCode() == 124 || r.exitCode() == 0 && r.output().isBlank()) {
            return "TIMEOUT";
        }
        return r.output().strip();
    }

    /** A client that keeps one SMTP connection busy with a NOOP every 200 ms. */
    static String heldConnection(String ip) {
        return "exec 3<>/dev/tcp/"
                + ip
                + "/25 || exit 7\n"
                + "IFS= read -r -t 3 l <&3; echo \"GREETING $l\"\n"
                + "while :; do\n"
                + "  printf 'NOOP\\r\\n' >&3 || { echo 'ENDED write'; exit 1; }\n"
                + "  if IFS= read -r -t 3 l <&3; then echo \"OK $l\"; else echo \"ENDED read rc=$?\"; exit 1; fi\n"
                + "  sleep 0.2\n"
                + "done\n";
    }
}
