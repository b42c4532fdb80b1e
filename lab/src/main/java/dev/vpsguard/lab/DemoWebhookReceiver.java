package dev.vpsguard.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.Executors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The demo's support endpoint: receives the server's webhooks on 127.0.0.1, checks each signature
 * as docs/webhooks.md tells a receiver to, prints one line per event and appends the raw body to a
 * file (one JSON document a line). Run by scripts/demo.sh as {@code java -cp vpsguard-lab.jar
 * dev.vpsguard.lab.DemoWebhookReceiver PORT SECRET_FILE LOG_FILE}.
 */
public final class DemoWebhookReceiver {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] secret;
    private final Path log;

    DemoWebhookReceiver(byte[] secret, Path log) {
        this.secret = secret;
        this.log = log;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: DemoWebhookReceiver PORT SECRET_FILE LOG_FILE");
            System.exit(2);
        }
        byte[] secret = Files.readString(Path.of(args[1])).strip().getBytes(StandardCharsets.UTF_8);
        DemoWebhookReceiver receiver = new DemoWebhookReceiver(secret, Path.of(args[2]));
        HttpServer http =
                HttpServer.create(
                        new InetSocketAddress(
                                InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])),
                        16);
        http.createContext("/", receiver::handle);
        http.setExecutor(Executors.newSingleThreadExecutor());
        http.start();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex;
                InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            String timestamp = ex.getRequestHeaders().getFirst("X-Vpsguard-Timestamp");
            String signature = ex.getRequestHeaders().getFirst("X-Vpsguard-Signature");
            boolean valid =
                    timestamp != null && signature != null && signed(timestamp, body, signature);
            System.out.println(
                    "support webhook: " + summary(body) + (valid ? "" : " (BAD SIGNATURE)"));
            Files.write(
                    log,
                    (new String(body, StandardCharsets.UTF_8).replace('\n', ' ') + "\n")
                            .getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            ex.sendResponseHeaders(valid ? 204 : 401, -1);
        }
    }

    /**
     * {@code sha256=} + hex(HMAC-SHA256(secret, timestamp + "." + body)), compared in constant
     * time.
     */
    boolean signed(String timestamp, byte[] body, String signature) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            return MessageDigest.isEqual(
                    expected.getBytes(StandardCharsets.US_ASCII),
                    signature.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** The event in one line: type, guest, strike, and the unblock link when there is one. */
    static String summary(byte[] body) {
        try {
            JsonNode e = JSON.readTree(body);
            StringBuilder s = new StringBuilder(e.path("type").asText("?"));
            if (e.path("guest").isObject()) {
                s.append(" guest ")
                        .append(e.path("guest").path("vmid").asText())
                        .append(" (")
                        .append(e.path("guest").path("name").asText())
                        .append(")");
            }
            if (e.path("strike").asInt() > 0) {
                s.append(", strike ").append(e.path("strike").asInt());
            }
            if (e.path("links").path("unblock").isTextual()) {
                s.append(", unblock link ").append(e.path("links").path("unblock").asText());
            }
            return s.toString();
        } catch (IOException notJson) {
            return body.length + " bytes that are not JSON";
        }
    }
}
