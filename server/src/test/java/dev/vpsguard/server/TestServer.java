package dev.vpsguard.server;

import dev.vpsguard.protocol.ErrorBody;
import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.testing.MutableClock;
import io.micronaut.context.ApplicationContext;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A server on a random loopback port with its own database (a fresh in-memory H2 unless the
 * properties say otherwise), and a plain JDK HTTP client to talk to it.
 */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

    private final EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestServer(EmbeddedServer server) {
        this.server = server;
    }

    /** The unblock-link signing secret of every test server. */
    public static final String LINK_SECRET = "test-link-secret-0123456789-abcdefghijklmnop";

    /** The secret of the support webhook {@link #withWebhook} configures. */
    public static final String WEBHOOK_SECRET = "support-webhook-secret-0123456789";

    /**
     * Properties of one support webhook ({@code support}, every event type) to {@code url}, plus
     * {@code keyValues} (key, value, key, value...).
     */
    /**
     * Datasource properties of a file H2 database in {@code dir}, in the server's own mode, that
     * outlives one server (restart tests, benchmarks).
     */
    public static Map<String, Object> h2File(java.nio.file.Path dir) {
        return Map.of(
                "datasources.default.url",
                "jdbc:h2:file:"
                        + dir.resolve("vpsguard")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    public static Map<String, Object> withWebhook(URI url, String... keyValues) {
        Map<String, Object> props = new HashMap<>();
        props.put("vpsguard.webhooks[0].name", "support");
        props.put("vpsguard.webhooks[0].url", url.toString());
        props.put("vpsguard.webhooks[0].secret", WEBHOOK_SECRET);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            props.put(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    /** An in-memory H2 server with the given extra properties. */
    public static TestServer start(Map<String, Object> extra) {
        Map<String, Object> props = new HashMap<>();
        props.put(
                "datasources.default.url",
                "jdbc:h2:mem:"
                        + UUID.randomUUID()
                        + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        props.put("datasources.default.username", "sa");
        props.put("datasources.default.password", "");
        props.put("micronaut.server.port", -1);
        props.put("micronaut.server.host", "127.0.0.1");
        props.put("vpsguard.bootstrap.admin-token", ADMIN_TOKEN);
        props.put("vpsguard.unblock-link.secret", LINK_SECRET);
        props.put("vpsguard.unblock-link.public-url", "http://vpsguard.test");
        props.putAll(extra);
        return new TestServer(ApplicationContext.run(EmbeddedServer.class, props));
    }

    public static TestServer start() {
        return start(Map.of());
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public MutableClock clock() {
        return context().getBean(MutableClock.class);
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path));
    }

    public HttpRequest.Builder admin(String path) {
        return request(path).header("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    public HttpResponse<String> get(String path, String token) {
        return send(request(path).header("Authorization", "Bearer " + token).GET());
    }

    public HttpResponse<String> postJson(String path, String token, byte[] body) {
        HttpRequest.Builder b =
                request(path)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b);
    }

    public HttpResponse<String> postJson(String path, String token, String body) {
        return postJson(path, token, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Creates an admin API token with {@code role} (viewer, operator, admin) and returns it. */
    public String token(String role) {
        HttpResponse<String> r =
                postJson(
                        "/api/v1/tokens",
                        ADMIN_TOKEN,
                        "{\"label\":\"" + role + " test\",\"role\":\"" + role + "\"}");
        if (r.statusCode() != 201) {
            throw new AssertionError("token for " + role + ": " + r.statusCode() + " " + r.body());
        }
        return Agents.json(r.body()).get("token").asText();
    }

    /** Parses a response body as the protocol's error body. */
    public static ErrorBody error(HttpResponse<String> response) {
        try {
            return ProtocolJson.read(
                    response.body().getBytes(StandardCharsets.UTF_8), ErrorBody.class);
        } catch (Exception e) {
            throw new AssertionError("not an ErrorBody: " + response.body(), e);
        }
    }

    /** A plain connection, outside Micronaut's transaction management. */
    public Connection connection() throws SQLException {
        DataSource ds = context().getBean(DataSource.class);
        return context().getBean(DataSourceResolver.class).resolve(ds).getConnection();
    }

    /** Runs one SQL query returning a single number, e.g. a row count. */
    public long queryLong(String sql) {
        try (Connection c = connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Runs one SQL query returning a single text value (null when there is no row). */
    public String queryString(String sql) {
        try (Connection c = connection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** Every row of every table this issue owns, as text: to prove a request changed nothing. */
    public String snapshot() {
        StringBuilder out = new StringBuilder();
        for (String table :
                new String[] {
                    "hosts",
                    "guests",
                    "guest_rollups",
                    "admin_tokens",
                    "audit",
                    "agent_instances",
                    "report_receipts"
                }) {
            try (Connection c = connection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT * FROM " + table + " ORDER BY id")) {
                int cols = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    out.append(table).append(':');
                    for (int i = 1; i <= cols; i++) {
                        out.append(rs.getString(i)).append('|');
                    }
                    out.append('\n');
                }
            } catch (SQLException e) {
                throw new IllegalStateException(table, e);
            }
        }
        return out.toString();
    }

    /** The value of an unlabelled series on {@code /metrics}, 0 when absent. */
    public double metric(String name) {
        HttpResponse<String> r = get("/metrics", ADMIN_TOKEN);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + r.statusCode());
        }
        return r.body()
                .lines()
                .filter(l -> l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
                .findFirst()
                .orElse(0);
    }

    @Override
    public void close() {
        server.getApplicationContext().close();
    }
}
