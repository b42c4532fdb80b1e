package dev.vpsguard.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Every route of the router (so new routes are covered without touching this test), with hostile
 * path segments, query values, bodies and content types, sent as raw bytes: no answer is a 5xx, and
 * none names a Java class or exception.
 */
class RouteFuzzTest {
    /** Qualified names of the code and its libraries, and exception names. */
    private static final Pattern LEAK =
            Pattern.compile(
                    "(dev\\.vpsguard|java\\.(lang|util|io)|com\\.fasterxml|io\\.micronaut|io\\.netty"
                            + "|org\\.h2|org\\.postgresql)\\.|[A-Za-z]+Exception\\b");

    /** Values for a path segment or a query value, already in their wire form. */
    static final List<String> HOSTILE =
            List.of(
                    "%00",
                    "%01",
                    "a%0Ab",
                    "%ZZ",
                    "%",
                    "%%%",
                    "%C0%80",
                    "%FF%FE",
                    "%E2%82",
                    "-1",
                    "0",
                    "99999999999999999999",
                    "1e99",
                    "NaN",
                    "%22%27%3Cscript%3E",
                    "..%2F..%2Fetc",
                    "%F0%9F%92%A9",
                    "x".repeat(5000));

    /** Bodies for the routes that take one, with the content type to send them with. */
    static final List<String[]> BODIES =
            List.of(
                    new String[] {"application/json", ""},
                    new String[] {"application/json", "{"},
                    new String[] {"application/json", "null"},
                    new String[] {"application/json", "[]"},
                    new String[] {"application/json", "{\"foo\":1}"},
                    new String[] {"application/json", "{\"name\":\"\\u0000\",\"reason\":[1]}"},
                    new String[] {"application/json", "{\"a\":1}{\"b\":2}"},
                    new String[] {"application/json", "[".repeat(5000)},
                    new String[] {
                        "application/json", "{\"reason\":\"" + "x".repeat(100_000) + "\"}"
                    },
                    new String[] {"application/json; charset=bogus", "{}"},
                    new String[] {"text/plain", "hello"},
                    new String[] {"application/x-www-form-urlencoded", "description=%ZZ&%%%"},
                    new String[] {
                        "application/x-www-form-urlencoded", "confirmFixed=yes&description=%"
                    },
                    new String[] {"application/octet-stream", "\u0000\u0001\u0002"},
                    new String[] {"", "{}"});

    static TestServer server;
    static List<UriRouteInfo<?, ?>> routes;
    static String credential;

    @BeforeContainer
    static void start() {
        server = TestServer.start();
        routes = new ArrayList<>();
        server.context().getBean(Router.class).uriRoutes().forEach(routes::add);
        credential = Agents.enroll(server, "fuzz").credential();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    /** Each route with each hostile value in its path variables and in each of its query values. */
    @Example
    void everyRouteWithEveryHostileValueAnswersWithoutA5xx() {
        List<String> failures = new ArrayList<>();
        for (UriRouteInfo<?, ?> route : routes) {
            for (String value : HOSTILE) {
                check(route, value, value, BODIES.get(4), failures);
            }
            for (String[] body : BODIES) {
                check(route, "x", "1", body, failures);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(routes.size()).as("routes enumerated").isGreaterThan(20);
    }

    /** Random text, anywhere. */
    @Property(tries = 300)
    void randomInputAnswersWithoutA5xx(
            @ForAll("route") UriRouteInfo<?, ?> route,
            @ForAll("wire") String segment,
            @ForAll("wire") String query,
            @ForAll("body") String[] body) {
        List<String> failures = new ArrayList<>();
        check(route, segment, query, body, failures);
        assertThat(failures).isEmpty();
    }

    @Provide
    Arbitrary<UriRouteInfo<?, ?>> route() {
        return Arbitraries.of(routes);
    }

    /** Any string, percent-encoded byte by byte where the wire needs it, or a hostile value. */
    @Provide
    Arbitrary<String> wire() {
        return Arbitraries.oneOf(
                Arbitraries.of(HOSTILE),
                Arbitraries.strings().ofMaxLength(40).map(RawHttp::encode),
                Arbitraries.strings()
                        .withChars("%0123456789ABCDEFZ")
                        .ofMinLength(1)
                        .ofMaxLength(12));
    }

    @Provide
    Arbitrary<String[]> body() {
        return Arbitraries.oneOf(
                Arbitraries.of(BODIES),
                Arbitraries.strings()
                        .ofMaxLength(200)
                        .map(s -> new String[] {"application/json", s}),
                Arbitraries.strings()
                        .ofMaxLength(200)
                        .map(s -> new String[] {"application/x-www-form-urlencoded", s}));
    }

    private static void check(
            UriRouteInfo<?, ?> route,
            String segment,
            String query,
            String[] body,
            List<String> failures) {
        HttpMethod method = route.getHttpMethod();
        String path = route.getUriMatchTemplate().expand(anyVariable(segment));
        StringBuilder target = new StringBuilder(path);
        char sep = '?';
        for (Argument<?> a : route.getTargetMethod().getArguments()) {
            if (a.getAnnotationMetadata().hasAnnotation(QueryValue.class)) {
                target.append(sep).append(a.getName()).append('=').append(query);
                sep = '&';
            }
        }
        boolean hasBody = method == HttpMethod.POST || method == HttpMethod.PUT;
        String token =
                route.getUriMatchTemplate().toString().equals("/api/v1/reports")
                        ? credential
                        : TestServer.ADMIN_TOKEN;
        RawHttp.Answer answer =
                RawHttp.send(
                        server.uri("/").getPort(),
                        method.name(),
                        target.toString(),
                        token,
                        hasBody ? body[0] : null,
                        hasBody ? body[1] : null);
        String what =
                method
                        + " "
                        + abbreviate(target.toString())
                        + " ["
                        + (hasBody ? body[0] + " " + abbreviate(body[1]) : "")
                        + "]";
        if (answer.status() < 100 || answer.status() >= 500) {
            failures.add(what + " -> " + answer.status() + " " + abbreviate(answer.body()));
        } else if (LEAK.matcher(answer.body()).find()) {
            failures.add(what + " -> leaks: " + abbreviate(answer.body()));
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…(" + s.length() + ")";
    }

    /** A map that gives {@code value} for every template variable, raw (already on the wire). */
    private static Map<String, Object> anyVariable(String value) {
        return new HashMap<>() {
            @Override
            public Object get(Object key) {
                return value;
            }

            @Override
            public boolean containsKey(Object key) {
                return true;
            }
        };
    }
}
