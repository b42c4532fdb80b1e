package dev.vpsguard.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vpsguard.agent.inventory.Guest;
import dev.vpsguard.protocol.GuestKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {
    private static final String FILE = "/etc/vpsguard/agent.yml";

    @TempDir Path tmp;

    private static AgentConfig parse(String yaml) throws ConfigException {
        return AgentConfigLoader.parse(FILE, yaml);
    }

    private static ConfigException error(ThrowingCallable call) {
        return (ConfigException) catchConfig(call);
    }

    private static Throwable catchConfig(ThrowingCallable call) {
        try {
            call.call();
        } catch (Throwable t) {
            assertThat(t).isInstanceOf(ConfigException.class);
            assertThat(t.getMessage()).doesNotContain("\n");
            return t;
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void minimalFileGetsDefaults() throws Exception {
        AgentConfig c = parse("server:\n  url: https://vpsguard.example.net/\n");
        assertThat(c.server().url().toString()).isEqualTo("https://vpsguard.example.net");
        assertThat(c.server().credentialFile()).isEqualTo(Path.of("/etc/vpsguard/credential"));
        assertThat(c.server().caFile()).isNull();
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.hostRoot()).isEqualTo(Path.of("/"));
        assertThat(c.inventory().mode()).isEqualTo(AgentConfig.InventoryMode.PROXMOX);
        assertThat(c.spool().dir()).isEqualTo(Path.of("/var/lib/vpsguard/spool"));
        assertThat(c.spool().maxBytes()).isEqualTo(64L * 1024 * 1024);
        assertThat(c.metrics().bind().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(c.metrics().port()).isEqualTo(9477);
        assertThat(c.stateDir()).isEqualTo(Path.of("/var/lib/vpsguard"));
    }

    @Test
    void staticGuestsAreBoundSortedAndConverted() throws Exception {
        AgentConfig c =
                parse(
                        """
                server: {url: "http://10.0.0.1:8080"}
                intervalSeconds: 10
                inventory:
                  mode: static
                  guests:
                    - vmid: 200
                      kind: lxc
                      name: ct
                    - vmid: 101
                      kind: qemu
                      name: web1
                      cores: 2
                      memoryMiB: 2048
                      nics:
                        - {id: net0, iface: tap101i0, mac: "BC:24:11:00:01:01", bridge: vmbr0, ips: [203.0.113.10, "2001:db8::10"]}
                """);
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.inventory().guests()).extracting(Guest::vmid).containsExactly(101, 200);
        Guest web = c.inventory().guests().get(0);
        assertThat(web.kind()).isEqualTo(GuestKind.QEMU);
        assertThat(web.memoryBytes()).isEqualTo(2048L * 1024 * 1024);
        assertThat(web.nics().get(0).mac()).isEqualTo("bc:24:11:00:01:01");
        assertThat(web.nics().get(0).ips())
                .containsExactly("203.0.113.10", "2001:db8:0:0:0:0:0:10");
    }

    @Test
    void unknownKeyNamesFileKeyAndAllowedKeys() {
        ConfigException e = error(() -> parse("server:\n  url: http://a\n  urll: x\n"));
        assertThat(e.key()).isEqualTo("server.urll");
        assertThat(e.getMessage())
                .contains(FILE)
                .contains("server.urll")
                .contains("unknown key")
                .contains("url");
    }

    @Test
    void unknownKeyInsideAGuestNamesItsIndex() {
        ConfigException e =
                error(
                        () ->
                                parse(
                                        """
                server: {url: "http://a"}
                inventory:
                  mode: static
                  guests:
                    - {vmid: 101, kind: qemu}
                    - {vmid: 102, kind: qemu, ram: 5}
                """));
        assertThat(e.key()).isEqualTo("inventory.guests[1].ram");
    }

    @Test
    void badUrlsAreRefusedWithTheValue() {
        for (String url :
                new String[] {
                    "ftp://x", "vpsguard.example.net", "http://", "https://h/x?y=1", "http://a b"
                }) {
            ConfigException e = error(() -> parse("server:\n  url: \"" + url + "\"\n"));
            assertThat(e.key()).isEqualTo("server.url");
            assertThat(e.value()).isEqualTo("\"" + url + "\"");
            assertThat(e.reason()).isNotBlank();
        }
    }

    @Test
    void missingUrlIsRequired() {
        ConfigException e = error(() -> parse("intervalSeconds: 5\n"));
        assertThat(e.key()).isEqualTo("server.url");
        assertThat(e.reason()).contains("required");
    }

    @Test
    void intervalOutOfRangeIsRefused() {
        for (String v : new String[] {"0", "301", "-5"}) {
            ConfigException e =
                    error(() -> parse("server: {url: http://a}\nintervalSeconds: " + v + "\n"));
            assertThat(e.key()).isEqualTo("intervalSeconds");
            assertThat(e.value()).isEqualTo(v);
            assertThat(e.reason()).isEqualTo("must be between 1 and 300");
        }
    }

    @Test
    void intervalOfTheWrongTypeIsRefused() {
        ConfigException e = error(() -> parse("server: {url: http://a}\nintervalSeconds: fast\n"));
        assertThat(e.key()).isEqualTo("intervalSeconds");
        assertThat(e.value()).isEqualTo("\"fast\"");
        assertThat(e.reason()).contains("integer");
        ConfigException f = error(() -> parse("server: {url: http://a}\nintervalSeconds: 2.5\n"));
        assertThat(f.key()).isEqualTo("intervalSeconds");
    }

    @Test
    void badStaticGuestsNameTheirPath() {
        String head =
                "server: {url: http://a}\ninventory:\n  mode: static\n  guests:\n    - {vmid: 101, kind: qemu}\n";
        ConfigException vmid = error(() -> parse(head + "    - {vmid: 5, kind: qemu}\n"));
        assertThat(vmid.key()).isEqualTo("inventory.guests[1].vmid");
        assertThat(vmid.value()).isEqualTo("5");
        ConfigException notNumber = error(() -> parse(head + "    - {vmid: abc, kind: qemu}\n"));
        assertThat(notNumber.key()).isEqualTo("inventory.guests[1].vmid");
        assertThat(notNumber.value()).isEqualTo("\"abc\"");
        ConfigException dup = error(() -> parse(head + "    - {vmid: 101, kind: lxc}\n"));
        assertThat(dup.key()).isEqualTo("inventory.guests[1].vmid");
        assertThat(dup.reason()).contains("already used");
        ConfigException kind = error(() -> parse(head + "    - {vmid: 102, kind: docker}\n"));
        assertThat(kind.key()).isEqualTo("inventory.guests[1].kind");
        assertThat(kind.value()).isEqualTo("\"docker\"");
        ConfigException ip =
                error(
                        () ->
                                parse(
                                        head
                                                + "    - {vmid: 102, kind: lxc, nics: [{id: net0, iface: veth102i0, ips: [10.0.0.300]}]}\n"));
        assertThat(ip.key()).isEqualTo("inventory.guests[1].nics[0].ips[0]");
        assertThat(ip.value()).isEqualTo("\"10.0.0.300\"");
        ConfigException host =
                error(
                        () ->
                                parse(
                                        head
                                                + "    - {vmid: 102, kind: lxc, nics: [{id: net0, iface: veth102i0, ips: [example.com]}]}\n"));
        assertThat(host.key()).isEqualTo("inventory.guests[1].nics[0].ips[0]");
    }

    @Test
    void guestsWithProxmoxModeAreRefused() {
        ConfigException e =
                error(
                        () ->
                                parse(
                                        "server: {url: http://a}\ninventory:\n  guests:\n    - {vmid: 101, kind: qemu}\n"));
        assertThat(e.key()).isEqualTo("inventory.guests");
        assertThat(e.reason()).contains("static");
    }

    @Test
    void relativePathsAndMissingCaFileAreRefused() {
        ConfigException rel = error(() -> parse("server: {url: http://a}\nstateDir: var/lib\n"));
        assertThat(rel.key()).isEqualTo("stateDir");
        assertThat(rel.reason()).contains("absolute");
        ConfigException ca =
                error(
                        () ->
                                parse(
                                        "server: {url: https://a, caFile: "
                                                + tmp.resolve("nope.pem")
                                                + "}\n"));
        assertThat(ca.key()).isEqualTo("server.caFile");
        assertThat(ca.reason()).contains("does not exist");
    }

    @Test
    void metricsBindMustBeAnAddress() {
        ConfigException e =
                error(() -> parse("server: {url: http://a}\nmetrics: {bind: localhost}\n"));
        assertThat(e.key()).isEqualTo("metrics.bind");
        assertThat(e.value()).isEqualTo("\"localhost\"");
    }

    @Test
    void yamlSyntaxErrorsAndDuplicateKeysNameTheFile() {
        ConfigException syntax = error(() -> parse("server: {url: http://a\nintervalSeconds: 5\n"));
        assertThat(syntax.file()).isEqualTo(FILE);
        assertThat(syntax.reason()).contains("line");
        ConfigException dup =
                error(
                        () ->
                                parse(
                                        "server: {url: http://a}\nintervalSeconds: 5\nintervalSeconds: 6\n"));
        assertThat(dup.getMessage()).contains("intervalSeconds");
    }

    @Test
    void emptyAndMissingFilesAreErrors() throws Exception {
        assertThat(error(() -> parse("")).reason()).contains("empty");
        Path missing = tmp.resolve("agent.yml");
        ConfigException e = error(() -> AgentConfigLoader.load(missing));
        assertThat(e.file()).isEqualTo(missing.toString());
        assertThat(e.reason()).isEqualTo("file not found");
    }

    @Test
    void packagedDefaultConfigLoads() throws Exception {
        Path dist = Path.of("src/main/dist/agent.yml");
        assertThat(dist).exists();
        AgentConfig c = AgentConfigLoader.load(dist);
        assertThat(c.server().url().getScheme()).isEqualTo("https");
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(Files.readString(dist)).contains("caFile");
    }

    @Test
    void errorsOnlyEverThrowConfigException() {
        assertThatThrownBy(() -> parse("- a\n- b\n")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> parse("server: 5\n")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(
                        () ->
                                parse(
                                        "inventory: {mode: static, guests: [null]}\nserver: {url: http://a}\n"))
                .isInstanceOf(ConfigException.class);
    }
}
