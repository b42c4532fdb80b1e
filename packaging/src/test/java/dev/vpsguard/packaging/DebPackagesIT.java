package dev.vpsguard.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Reads the two built .debs with the real {@code dpkg-deb}, as an operator's apt would: the files
 * and their modes, the conffiles, the dependencies and the maintainer scripts.
 */
class DebPackagesIT {
    private static final Path DEB_DIR = Path.of(System.getProperty("vpsguard.debDir", "target"));
    private static final String JAVA_DEPENDS =
            "default-jre-headless (>= 2:1.17) | openjdk-17-jre-headless | openjdk-21-jre-headless | openjdk-25-jre-headless";

    @Test
    void agentPackageHoldsTheJarLauncherConffileUnitAndStateDirectory() throws Exception {
        Path deb = deb("vpsguard-agent");
        String info = Tools.dpkgDeb("--info", deb);
        assertThat(field(info, "Package")).isEqualTo("vpsguard-agent");
        assertThat(field(info, "Architecture")).isEqualTo("all");
        assertThat(field(info, "Depends"))
                .isEqualTo(JAVA_DEPENDS + ", nftables, conntrack, iproute2");
        assertThat(Tools.dpkgDeb("--field", deb, "Version")).startsWith("0.1.0");
        assertThat(Tools.dpkgDeb("--info", deb, "conffiles").strip())
                .isEqualTo("/etc/vpsguard/agent.yml");

        List<String> contents = Tools.dpkgDeb("--contents", deb).lines().toList();
        assertEntry(contents, "-rw-r--r--", "./usr/share/vpsguard/vpsguard-agent.jar");
        assertEntry(contents, "-rwxr-xr-x", "./usr/bin/vpsguard-agent");
        assertEntry(contents, "-rw-r--r--", "./etc/vpsguard/agent.yml");
        assertEntry(contents, "-rw-r--r--", "./lib/systemd/system/vpsguard-agent.service");
        assertEntry(contents, "drwxr-x---", "./var/lib/vpsguard/");
        assertThat(contents).allSatisfy(l -> assertThat(l).contains("root/root"));

        String postinst = Tools.dpkgDeb("--info", deb, "postinst");
        assertThat(postinst).contains("enable \"$UNIT\"").contains("NOT started");
        // It starts the unit only behind the credential check, never unconditionally.
        assertThat(postinst.indexOf("systemctl restart"))
                .isGreaterThan(postinst.indexOf("if [ -s \"$cred\" ]"));
        assertThat(Tools.dpkgDeb("--info", deb, "prerm"))
                .contains("systemctl stop \"$UNIT\"")
                .contains("/usr/bin/vpsguard-agent cleanup");
        assertThat(Tools.dpkgDeb("--info", deb, "postrm"))
                .contains("\"purge\"")
                .contains("rm -rf /var/lib/vpsguard\n")
                .contains("deb-systemd-helper purge");
        assertThat(Tools.extract(deb, "./etc/vpsguard/agent.yml"))
                .startsWith("# vpsguard agent configuration");
    }

    @Test
    void serverPackageHoldsTheJarLauncherConffileUnitAndItsUser() throws Exception {
        Path deb = deb("vpsguard-server");
        String info = Tools.dpkgDeb("--info", deb);
        assertThat(field(info, "Package")).isEqualTo("vpsguard-server");
        assertThat(field(info, "Depends")).isEqualTo(JAVA_DEPENDS + ", adduser");
        assertThat(Tools.dpkgDeb("--info", deb, "conffiles").strip())
                .isEqualTo("/etc/vpsguard/server.yml");

        List<String> contents = Tools.dpkgDeb("--contents", deb).lines().toList();
        assertEntry(contents, "-rw-r--r--", "./usr/share/vpsguard/vpsguard-server.jar");
        assertEntry(contents, "-rwxr-xr-x", "./usr/bin/vpsguard-server");
        assertEntry(contents, "-rw-r-----", "./etc/vpsguard/server.yml");
        assertEntry(contents, "-rw-r--r--", "./usr/lib/sysusers.d/vpsguard-server.conf");
        assertEntry(contents, "-rw-r--r--", "./lib/systemd/system/vpsguard-server.service");

        assertThat(Tools.extract(deb, "./usr/lib/sysusers.d/vpsguard-server.conf"))
                .contains("u vpsguard - \"vpsguard server\" /var/lib/vpsguard-server");
        String yml = Tools.extract(deb, "./etc/vpsguard/server.yml");
        assertThat(yml)
                .contains("url: jdbc:h2:file:/var/lib/vpsguard-server/vpsguard;")
                .contains("# url: jdbc:postgresql://");
        assertThat(Tools.extract(deb, "./usr/bin/vpsguard-server"))
                .contains("-Dmicronaut.config.files=\"$CONFIG\"");
        assertThat(Tools.extract(deb, "./lib/systemd/system/vpsguard-server.service"))
                .contains("User=vpsguard")
                .contains("ExecStart=/usr/bin/vpsguard-server");

        assertThat(Tools.dpkgDeb("--info", deb, "postinst"))
                .contains("systemd-sysusers vpsguard-server.conf")
                .contains("adduser --system --group")
                .contains("chgrp vpsguard /etc/vpsguard/server.yml");
        assertThat(Tools.dpkgDeb("--info", deb, "prerm")).contains("systemctl stop");
        assertThat(Tools.dpkgDeb("--info", deb, "postrm"))
                .contains("rm -rf /var/lib/vpsguard-server")
                .contains("userdel vpsguard");
    }

    @Test
    void maintainerScriptsAreValidShell() throws Exception {
        for (String pkg : List.of("vpsguard-agent", "vpsguard-server")) {
            Path deb = deb(pkg);
            for (String script : List.of("postinst", "prerm", "postrm")) {
                String text = Tools.dpkgDeb("--info", deb, script);
                assertThat(text).as(pkg + " " + script).startsWith("#!/bin/sh\n");
                Tools.Result sh = Tools.run(List.of("sh", "-n"), text);
                assertThat(sh.exit()).as(pkg + " " + script + ": " + sh.err()).isZero();
            }
        }
    }

    private static Path deb(String pkg) throws IOException {
        return Tools.deb(DEB_DIR, pkg);
    }

    private static String field(String info, String name) {
        return info.lines()
                .map(String::strip)
                .filter(l -> l.startsWith(name + ": "))
                .map(l -> l.substring(name.length() + 2))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in\n" + info));
    }

    /** {@code dpkg-deb --contents} lines: mode, owner/group, size, date, time, path. */
    private static void assertEntry(List<String> contents, String mode, String path) {
        assertThat(contents)
                .as("%s %s", mode, path)
                .anySatisfy(
                        l -> {
                            String[] cols = l.trim().split("\\s+");
                            assertThat(cols[0]).isEqualTo(mode);
                            assertThat(cols[cols.length - 1]).isEqualTo(path);
                        });
    }
}
