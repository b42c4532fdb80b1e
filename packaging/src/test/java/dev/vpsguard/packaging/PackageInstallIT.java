package dev.vpsguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installs both packages on this machine with apt, as an operator does, runs what they installed
 * and purges them. It changes the machine (packages, the {@code vpsguard} user), so it runs only on
 * CI ({@code CI=true}, as root, Debian) and never where vpsguard is already installed. The purge
 * runs in a network namespace of its own, holding the agent's tables, so the host's ruleset is
 * never touched.
 */
class PackageInstallIT {
    private static final Path DEB_DIR = Path.of(System.getProperty("vpsguard.debDir", "target"));
    private static final Pattern ENROLMENT_TOKEN =
            Pattern.compile("\"enrollmentToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final String PASSWORD_LINE = "user: admin   password: ";

    /** What the packages create; none of it may survive the purge. */
    private static final List<String> CREATED =
            List.of(
                    "/usr/bin/vpsguard-agent",
                    "/usr/bin/vpsguard-server",
                    "/usr/share/vpsguard",
                    "/etc/vpsguard",
                    "/var/lib/vpsguard",
                    "/var/lib/vpsguard-server",
                    "/lib/systemd/system/vpsguard-agent.service",
                    "/lib/systemd/system/vpsguard-server.service",
                    "/usr/lib/sysusers.d/vpsguard-server.conf",
                    "/etc/systemd/system/multi-user.target.wants/vpsguard-agent.service",
                    "/etc/systemd/system/multi-user.target.wants/vpsguard-server.service");

    @TempDir Path tmp;

    @BeforeAll
    static void onlyOnCiAsRootWhereNothingIsInstalled() throws Exception {
        assumeTrue(
                "true".equals(System.getenv("CI")),
                "the install test installs and purges packages on this machine: it runs only with"
                        + " CI=true (as on the CI machine), as root");
        assumeTrue(
                Tools.sh("id -u", 10).out().strip().equals("0"),
                "the install test needs root (apt install, dpkg --purge)");
        for (String tool : List.of("apt-get", "dpkg", "setpriv", "ip", "nft")) {
            assumeTrue(Tools.onPath(tool), tool + " is not installed: the install test is skipped");
        }
        assumeTrue(
                Tools.sh("dpkg-query -W -f='${Status}' vpsguard-agent vpsguard-server", 10)
                                .out()
                                .contains("ok installed")
                        == false,
                "vpsguard is installed on this machine: the install test would purge it; skipped");
        assumeTrue(
                Tools.sh("getent passwd vpsguard", 10).exit() != 0,
                "a vpsguard user exists on this machine: the install test would delete it; skipped");
    }

    @Test
    void aptInstallsBothRunsThemAndPurgeLeavesNothing() throws Exception {
        String ns = "vgpkg" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        try {
            Tools.Result install =
                    Tools.run(
                            List.of(
                                    "env",
                                    "DEBIAN_FRONTEND=noninteractive",
                                    "apt-get",
                                    "install",
                                    "-y",
                                    "-q",
                                    "--no-install-recommends",
                                    Tools.deb(DEB_DIR, "vpsguard-agent")
                                            .toAbsolutePath()
                                            .toString(),
                                    Tools.deb(DEB_DIR, "vpsguard-server")
                                            .toAbsolutePath()
                                            .toString()),
                            "",
                            900);
            assertThat(install.exit()).as(install.out() + install.err()).isZero();
            assertThat(install.out()).contains("vpsguard-agent.service is enabled but NOT started");
            assertThat(sh("getent passwd vpsguard")).contains(":/var/lib/vpsguard-server:");
            assertThat(sh("stat -c '%U:%G %a' /var/lib/vpsguard-server /etc/vpsguard/server.yml"))
                    .isEqualTo("vpsguard:vpsguard 750\nroot:vpsguard 640\n");
            assertThat(sh("/usr/bin/vpsguard-agent version")).contains("0.1.0");

            if (Files.isDirectory(Path.of("/run/systemd/system"))) {
                // postinst started the unit; the test runs the launcher itself, on its own port.
                sh("systemctl stop vpsguard-server.service");
            }
            String admin =
                    "install-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
            String url;
            try (ServerProcess server = startInstalledServer(admin, "server-1.log")) {
                assertThat(server.awaitHealth()).as(server.log()).isEqualTo(200);
                assertThat(server.log().split(Pattern.quote(PASSWORD_LINE), -1)).hasSize(2);
                assertThat(sh("stat -c %U /var/lib/vpsguard-server/vpsguard.mv.db"))
                        .isEqualTo("vpsguard\n");
                url = "http://127.0.0.1:" + server.port;
                var created = server.post("/api/v1/hosts", admin, "{\"name\":\"install-test\"}");
                Matcher token = ENROLMENT_TOKEN.matcher(created.body());
                assertThat(token.find()).as(created.body()).isTrue();

                // The operator's two steps: the server's URL in the conffile, then enroll.
                sh(
                        "sed -i 's|^  url: https://vpsguard.example.net$|  url: "
                                + url
                                + "|'"
                                + " /etc/vpsguard/agent.yml");
                String enrolled =
                        sh(
                                "/usr/bin/vpsguard-agent enroll --server "
                                        + url
                                        + " --token "
                                        + token.group(1));
                assertThat(enrolled).contains("enrolled as host ");
                assertThat(enrolled)
                        .containsAnyOf(
                                "systemd is not running on this machine",
                                "Started vpsguard-agent.service.");
                assertThat(sh("stat -c %a /etc/vpsguard/credential")).isEqualTo("600\n");

                Tools.Result doctor = Tools.sh("/usr/bin/vpsguard-agent doctor", 60);
                // Not a Proxmox host: some checks FAIL (exit 1); the config is valid (not 2).
                assertThat(doctor.exit()).as(doctor.out() + doctor.err()).isIn(0, 1);
                assertThat(doctor.out())
                        .containsPattern("(?m)^PASS +nft ")
                        .containsPattern("(?m)^PASS +conntrack ")
                        .containsPattern("(?m)^PASS +credential ")
                        .containsPattern("(?m)^PASS +server +127\\.0\\.0\\.1:" + server.port);
            }
            try (ServerProcess again = startInstalledServer(admin, "server-2.log")) {
                assertThat(again.awaitHealth()).isEqualTo(200);
                // The first admin's password is printed at the first start only.
                assertThat(again.log()).doesNotContain(PASSWORD_LINE);
            }

            // The agent's tables, in a namespace of the test's own; purge must remove them.
            sh("ip netns add " + ns);
            sh(
                    "ip netns exec "
                            + ns
                            + " nft -f - <<'NFT'\n"
                            + "table inet vpsguard {}\ntable bridge vpsguard {}\n"
                            + "table inet vpsguard_watch {}\ntable bridge vpsguard_watch {}\nNFT");
            assertThat(sh("ip netns exec " + ns + " nft list tables")).contains("vpsguard");
            Tools.Result purge =
                    Tools.sh(
                            "ip netns exec " + ns + " dpkg --purge vpsguard-agent vpsguard-server",
                            300);
            assertThat(purge.exit()).as(purge.out() + purge.err()).isZero();
            assertThat(sh("ip netns exec " + ns + " nft list tables")).doesNotContain("vpsguard");
            assertThat(Tools.sh("getent passwd vpsguard", 10).exit()).isNotZero();
            assertThat(Tools.sh("getent group vpsguard", 10).exit()).isNotZero();
            assertThat(CREATED).allSatisfy(p -> assertThat(Path.of(p)).doesNotExist());
            assertThat(
                            sh(
                                    "find /etc/systemd /var/lib/systemd -name 'vpsguard*' 2>/dev/null || true"))
                    .isEmpty();
            assertThat(
                            sh(
                                    "dpkg-query -W -f='${db:Status-Status} ' vpsguard-agent vpsguard-server 2>&1 || true"))
                    .doesNotContain("installed ok")
                    .doesNotContain("config-files");
        } finally {
            // Whatever failed above, the machine is left as it was.
            Tools.sh("dpkg --purge vpsguard-agent vpsguard-server", 300);
            Tools.sh("ip netns del " + ns + " 2>/dev/null", 30);
        }
    }

    /** The installed launcher, run as the vpsguard user with the installed config. */
    private ServerProcess startInstalledServer(String adminToken, String log) throws Exception {
        return ServerProcess.start(
                List.of(
                        "setpriv",
                        "--reuid=vpsguard",
                        "--regid=vpsguard",
                        "--init-groups",
                        "--",
                        "/usr/bin/vpsguard-server"),
                Map.of("VPSGUARD_BOOTSTRAP_ADMIN_TOKEN", adminToken),
                Path.of("/var/lib/vpsguard-server"),
                tmp.resolve(log));
    }

    /** Runs a shell line that must succeed; its standard output. */
    private static String sh(String script) throws Exception {
        Tools.Result r = Tools.sh(script, 120);
        assertThat(r.exit()).as(script + "\n" + r.out() + r.err()).isZero();
        return r.out();
    }
}
