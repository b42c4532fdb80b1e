package dev.vpsguard.fleet.load;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An operator on the console during the load: signs in as the first admin (the password the run
 * configured, changed at first login as the console demands), then fetches {@code /console/fleet}
 * once a second, timing each from request to the whole body read, as the console benchmark does.
 */
final class ConsoleProbe implements Runnable {
    static final String INITIAL_PASSWORD = "fleet-initial-admin-password-0123";
    private static final String PASSWORD = "fleet-operator-password-4567";
    private static final Pattern CSRF = Pattern.compile("name=\"csrfToken\" value=\"([^\"]+)\"");

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .cookieHandler(new CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
    private final List<Long> nanos = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private volatile boolean stop;

    ConsoleProbe(URI base) {
        this.base = base;
    }

    void signIn() throws IOException, InterruptedException {
        HttpResponse<String> login =
                post("/console/login", Map.of("username", "admin", "password", INITIAL_PASSWORD));
        if (login.statusCode() != 303) {
            throw new IOException("console login answered " + login.statusCode());
        }
        HttpResponse<String> changed =
                post(
                        "/console/password",
                        Map.of(
                                "current",
                                INITIAL_PASSWORD,
                                "password",
                                PASSWORD,
                                "confirm",
                                PASSWORD));
        if (changed.statusCode() != 303) {
            throw new IOException("console password change answered " + changed.statusCode());
        }
    }

    @Override
    public void run() {
        while (!stop) {
            long t = System.nanoTime();
            try {
                HttpResponse<String> r = get("/console/fleet");
                long took = System.nanoTime() - t;
                synchronized (this) {
                    if (r.statusCode() == 200) {
                        nanos.add(took);
                    } else {
                        failures.add("HTTP " + r.statusCode());
                    }
                }
                Thread.sleep(
                        Math.max(0, 1000 - took / 1_000_000)); // one fetch a second, as a person
            } catch (IOException e) {
                synchronized (this) {
                    failures.add(e.toString());
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void stop() {
        stop = true;
    }

    synchronized long[] times() {
        return nanos.stream().mapToLong(Long::longValue).toArray();
    }

    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Accept", "text/html")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, Map<String, String> form)
            throws IOException, InterruptedException {
        Matcher m = CSRF.matcher(get(path).body());
        if (!m.find()) {
            throw new IOException("no CSRF token on " + path);
        }
        Map<String, String> all = new LinkedHashMap<>(form);
        all.put("csrfToken", m.group(1));
        String body =
                all.entrySet().stream()
                        .map(
                                e ->
                                        URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                                                + "="
                                                + URLEncoder.encode(
                                                        e.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
        return http.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Accept", "text/html")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
