package dev.vpsguard.agent.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** https with a self-signed server certificate, generated per test by the JDK's keytool. */
class HttpPostClientTlsTest {
    private static final char[] PASS = "changeit".toCharArray();

    @TempDir Path tmp;

    /**
     * Generates a self-signed key pair for {@code san}; returns the keystore, and writes ca.pem.
     */
    private Path keystore(String san) throws Exception {
        Path ks = tmp.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        exec(
                keytool,
                "-genkeypair",
                "-alias",
                "s",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=vpsguard-test",
                "-ext",
                "SAN=" + san,
                "-validity",
                "2",
                "-keystore",
                ks.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "changeit",
                "-keypass",
                "changeit");
        exec(
                keytool,
                "-exportcert",
                "-rfc",
                "-alias",
                "s",
                "-keystore",
                ks.toString(),
                "-storepass",
                "changeit",
                "-file",
                tmp.resolve("ca.pem").toString());
        return ks;
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    private HttpsServer server(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASS);
        }
        KeyManagerFactory kmf =
                KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASS);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        HttpsServer s =
                HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        s.setHttpsConfigurator(new HttpsConfigurator(ctx));
        s.createContext(
                "/",
                ex -> {
                    try (ex) {
                        ex.getRequestBody().readAllBytes();
                        byte[] out = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                        ex.sendResponseHeaders(200, out.length);
                        ex.getResponseBody().write(out);
                    }
                });
        s.start();
        return s;
    }

    private HttpReply post(URI url, Path caFile) throws IOException {
        try (HttpPostClient c =
                new HttpPostClient(
                        url,
                        TlsContexts.forServer(url, caFile),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(5))) {
            return c.post(
                    "/api/v1/reports", new byte[] {1}, Map.of("Content-Type", "application/json"));
        }
    }

    @Test
    void trustsASelfSignedServerThroughCaFileOnly() throws Exception {
        HttpsServer s = server(keystore("ip:127.0.0.1"));
        try {
            URI url = URI.create("https://127.0.0.1:" + s.getAddress().getPort());
            HttpReply ok = post(url, tmp.resolve("ca.pem"));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.bodyText(100)).isEqualTo("{\"ok\":true}");
            // The JDK trust store does not know this certificate.
            assertThatThrownBy(() -> post(url, null)).isInstanceOf(IOException.class);
        } finally {
            s.stop(0);
        }
    }

    @Test
    void refusesACertificateForAnotherName() throws Exception {
        HttpsServer s = server(keystore("dns:other.example"));
        try {
            URI url = URI.create("https://127.0.0.1:" + s.getAddress().getPort());
            assertThatThrownBy(() -> post(url, tmp.resolve("ca.pem")))
                    .isInstanceOf(IOException.class);
        } finally {
            s.stop(0);
        }
    }

    @Test
    void caFileWithoutCertificatesIsAClearError() throws Exception {
        Path bad = tmp.resolve("bad.pem");
        Files.write(bad, List.of("not a certificate"));
        assertThatThrownBy(() -> TlsContexts.forServer(URI.create("https://a"), bad))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(bad.toString());
    }
}
