package dev.vpsguard.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Debian's Postfix inside a lab guest: one instance with its own {@code main.cf}/{@code master.cf},
 * queue, data directory and {@code maillog_file}, its {@code master -d} spawned in the guest's
 * namespace (so the lab stops it by pid), {@code smtpd} on the guest's loopback only. No DNS: the
 * lab's domains are routed by a {@code texthash:} transport table ({@link LabMailDomains}), or
 * everything goes to a smarthost ({@code relayhost}).
 *
 * <p>Postfix's delivery defaults are kept where they shape the traffic the agent sees (connection
 * caching, concurrency, {@code smtp_skip_quit_response = yes}); the timers are shortened so a test
 * sees retries: a greylisted or deferred message is retried after 15 s to 60 s (instead of 300 s to
 * 4000 s), a dead MX is given up after 5 s, a silent one after 15 s.
 */
public final class LabPostfix implements LabMta {
    static final String MASTER = "/usr/lib/postfix/sbin/master";
    static final String SENDMAIL = "/usr/sbin/sendmail";

    private final Lab lab;
    private final LabGuest guest;
    private final Path conf;
    private final Path maillog;

    private LabPostfix(Lab lab, LabGuest guest, Path conf, Path maillog) {
        this.lab = lab;
        this.guest = guest;
        this.conf = conf;
        this.maillog = maillog;
    }

    /** Why Postfix cannot run here, or empty (Debian package postfix). */
    public static Optional<String> missing() {
        for (String f : List.of(MASTER, SENDMAIL, "/usr/sbin/postfix", "/usr/sbin/postqueue")) {
            if (!Files.isExecutable(Path.of(f))) {
                return Optional.of(
                        "real-MTA lab needs Postfix (" + f + "; Debian package postfix)");
            }
        }
        return Optional.empty();
    }

    /**
     * Configures and starts Postfix in {@code guest}, waits until it accepts on the guest's
     * loopback.
     *
     * @param relayhost a smarthost {@code ip} every message goes to, or null to route by domain
     */
    public static LabPostfix start(Lab lab, LabGuest guest, String relayhost) {
        Path dir = LabMta.instanceDir(lab, "postfix-" + guest.vmid());
        Path conf = dir.resolve("conf");
        Path maillog = dir.resolve("maillog");
        try {
            Files.createDirectories(conf);
            Path data = Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(dir.resolve("queue"));
            ExecResult chown = lab.exec(guest.namespace(), "chown", "postfix", data.toString());
            chown.orThrow();
            Files.writeString(conf.resolve("transport"), LabMailDomains.postfixTransport(lab.mx()));
            Files.writeString(conf.resolve("main.cf"), mainCf(lab, guest, dir, relayhost));
            Files.writeString(conf.resolve("master.cf"), MASTER_CF);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LabPostfix p = new LabPostfix(lab, guest, conf, maillog);
        // `postfix check` creates the queue's subdirectories with their owners and modes.
        lab.exec(guest.namespace(), "/usr/sbin/postfix", "-c", conf.toString(), "check").orThrow();
        LabProcess master = lab.spawn(guest.namespace(), MASTER, "-d", "-c", conf.toString());
        LabMta.awaitGreeting(lab, guest, master, p);
        return p;
    }

    private static String mainCf(Lab lab, LabGuest guest, Path dir, String relayhost) {
        String host = "mail" + guest.vmid() + ".guest.test";
        return "compatibility_level = 3.6\n"
                + "queue_directory = "
                + dir.resolve("queue")
                + "\n"
                + "data_directory = "
                + dir.resolve("data")
                + "\n"
                + "mail_owner = postfix\nsetgid_group = postdrop\n"
                + "myhostname = "
                + host
                + "\nmyorigin = $myhostname\n"
                + "mydestination = $myhostname, localhost\n"
                // Bounces to the guest's own senders end here, nobody reads them.
                + "local_transport = discard\nlocal_recipient_maps =\n"
                + "alias_maps =\nalias_database =\n"
                + "inet_interfaces = loopback-only\ninet_protocols = ipv4\n"
                + "mynetworks = 127.0.0.0/8\n"
                + "smtpd_banner = $myhostname ESMTP\n"
                + "smtp_dns_support_level = disabled\n"
                + "transport_maps = texthash:"
                + dir.resolve("conf/transport")
                + "\n"
                + "relayhost = "
                + (relayhost == null ? "" : "[" + relayhost + "]:25")
                + "\n"
                + "smtp_connect_timeout = 5s\nsmtp_helo_timeout = 15s\n"
                + "queue_run_delay = 5s\nminimal_backoff_time = 15s\n"
                + "maximal_backoff_time = 60s\n"
                + "maillog_file = "
                + dir.resolve("maillog")
                + "\n"
                + "maillog_file_prefixes = "
                + lab.workDir()
                + "\n";
    }

    /** master.cf of Debian's package, without chroot (the lab's queue lives in /tmp). */
    private static final String MASTER_CF =
            String.join(
                    "\n",
                    "smtp      inet  n       -       n       -       -       smtpd",
                    "pickup    unix  n       -       n       60      1       pickup",
                    "cleanup   unix  n       -       n       -       0       cleanup",
                    "qmgr      unix  n       -       n       300     1       qmgr",
                    "rewrite   unix  -       -       n       -       -       trivial-rewrite",
                    "bounce    unix  -       -       n       -       0       bounce",
                    "defer     unix  -       -       n       -       0       bounce",
                    "trace     unix  -       -       n       -       0       bounce",
                    "verify    unix  -       -       n       -       1       verify",
                    "flush     unix  n       -       n       1000?   0       flush",
                    "proxymap  unix  -       -       n       -       -       proxymap",
                    "smtp      unix  -       -       n       -       -       smtp",
                    "relay     unix  -       -       n       -       -       smtp",
                    "showq     unix  n       -       n       -       -       showq",
                    "error     unix  -       -       n       -       -       error",
                    "retry     unix  -       -       n       -       -       error",
                    "discard   unix  -       -       n       -       -       discard",
                    "anvil     unix  -       -       n       -       1       anvil",
                    "scache    unix  -       -       n       -       1       scache",
                    "postlog   unix-dgram n  -       n       -       1       postlogd",
                    "");

    @Override
    public String kind() {
        return "postfix";
    }

    @Override
    public LabGuest guest() {
        return guest;
    }

    @Override
    public String sendmail() {
        return SENDMAIL + " -C " + conf;
    }

    @Override
    public String log() {
        return LabMta.read(maillog);
    }

    @Override
    public int queued() {
        ExecResult r =
                lab.exec(guest.namespace(), "/usr/sbin/postqueue", "-c", conf.toString(), "-j");
        return r.succeeded() ? (int) r.output().lines().filter(l -> l.startsWith("{")).count() : -1;
    }
}
