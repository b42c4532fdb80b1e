package dev.vpsguard.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Debian's Exim (exim4-daemon-light) inside a lab guest, as a second real MTA next to Postfix. The
 * Debian MTA packages conflict with each other, so {@code scripts/setup-debian.sh} unpacks this one
 * with {@code apt-get download} and {@code dpkg -x} into {@link #DEFAULT_HOME} (override with
 * {@code -Dvpsguard.exim=/path/to/exim4}) and creates the {@code Debian-exim} user compiled into
 * the binary. Each instance has its own configuration ({@code -C}), spool and logs; the daemon runs
 * in the foreground ({@code -bdf}) on the guest's loopback, with a queue runner every 5 s.
 *
 * <p>Routing by the lab's tables ({@link LabMailDomains}); retries every 15 s for 10 minutes
 * (instead of Debian's 15 min), so greylisted mail is retried within a test.
 */
public final class LabExim implements LabMta {
    static final String DEFAULT_HOME = "/opt/vpsguard-lab/exim4";
    static final String USER = "Debian-exim";

    private final LabGuest guest;
    private final Path conf;
    private final Path logDir;
    private final Lab lab;

    private LabExim(Lab lab, LabGuest guest, Path conf, Path logDir) {
        this.lab = lab;
        this.guest = guest;
        this.conf = conf;
        this.logDir = logDir;
    }

    static String binary() {
        return System.getProperty("vpsguard.exim", DEFAULT_HOME + "/usr/sbin/exim4");
    }

    /** Why Exim cannot run here, or empty. */
    public static Optional<String> missing() {
        if (!Files.isExecutable(Path.of(binary()))) {
            return Optional.of(
                    "real-MTA lab needs Exim at "
                            + binary()
                            + " (scripts/setup-debian.sh unpacks exim4-daemon-light there)");
        }
        ExecResult id = LabCommands.run(java.util.List.of("id", USER), Duration.ofSeconds(5), null);
        if (!id.succeeded()) {
            return Optional.of(
                    "real-MTA lab needs the system user " + USER + " (scripts/setup-debian.sh)");
        }
        return Optional.empty();
    }

    /** Configures and starts Exim in {@code guest}; waits until it greets on the loopback. */
    public static LabExim start(Lab lab, LabGuest guest) {
        Path dir = LabMta.instanceDir(lab, "exim-" + guest.vmid());
        Path conf = dir.resolve("exim.conf");
        Path spool = dir.resolve("spool");
        Path logs = dir.resolve("log");
        try {
            Files.createDirectories(spool);
            Files.createDirectories(logs);
            Files.writeString(dir.resolve("routes"), LabMailDomains.eximRoutes(lab.mx()));
            Files.writeString(conf, config(guest, dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lab.exec(guest.namespace(), "chown", "-R", USER + ":" + USER, spool + "", logs + "")
                .orThrow();
        LabExim exim = new LabExim(lab, guest, conf, logs);
        LabProcess daemon =
                lab.spawn(guest.namespace(), binary(), "-C", conf.toString(), "-bdf", "-q5s");
        LabMta.awaitGreeting(lab, guest, daemon, exim);
        return exim;
    }

    private static String config(LabGuest guest, Path dir) {
        String host = "mail" + guest.vmid() + ".guest.test";
        return String.join(
                "\n",
                // The daemon re-executes itself for deliveries: the unpacked binary, not Debian's
                // path.
                "exim_path = " + binary(),
                "tls_advertise_hosts =",
                "exim_user = " + USER,
                "exim_group = " + USER,
                "primary_hostname = " + host,
                "spool_directory = " + dir.resolve("spool"),
                "log_file_path = " + dir.resolve("log") + "/%slog",
                "pid_file_path = " + dir.resolve("exim.pid"),
                "keep_environment =",
                "daemon_smtp_ports = 25",
                "local_interfaces = 127.0.0.1",
                "host_lookup =",
                "domainlist local_domains = @ : localhost",
                "acl_smtp_rcpt = acl_rcpt",
                "begin acl",
                "acl_rcpt:",
                "  accept hosts = 127.0.0.1",
                "  deny message = relay not permitted",
                "begin routers",
                "lab_domains:",
                "  driver = manualroute",
                "  domains = ! +local_domains",
                "  route_data = ${lookup{$domain}lsearch{" + dir.resolve("routes") + "}}",
                "  transport = remote_smtp",
                "  no_more",
                "local_discard:",
                "  driver = redirect",
                "  domains = +local_domains",
                "  data = :blackhole:",
                "begin transports",
                "remote_smtp:",
                "  driver = smtp",
                "  connect_timeout = 5s",
                "  command_timeout = 15s",
                "begin retry",
                "* * F,10m,15s",
                "");
    }

    @Override
    public String kind() {
        return "exim";
    }

    @Override
    public LabGuest guest() {
        return guest;
    }

    @Override
    public String sendmail() {
        // -odb: deliver in the background at once, as Debian's exim4 does by default.
        return binary() + " -C " + conf + " -odb";
    }

    @Override
    public String log() {
        return LabMta.read(logDir.resolve("mainlog")) + LabMta.read(logDir.resolve("rejectlog"));
    }

    @Override
    public int queued() {
        ExecResult r = lab.exec(guest.namespace(), binary(), "-C", conf.toString(), "-bpc");
        return r.succeeded() ? Integer.parseInt(r.output().strip()) : -1;
    }
}
