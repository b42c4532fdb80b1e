package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.console.access.ConsoleRole;
import dev.vpsguard.server.console.access.ConsoleUsers;
import dev.vpsguard.server.console.access.ContentSecurityPolicy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Console access over plain HTTP: first login, cookies, CSRF, roles, throttling, expiry. */
class ConsoleAccessTest {
    static final String NEW_PASSWORD = "a-much-better-passphrase-42";

    TestServer server;
    ConsoleClient admin;

    @BeforeEach
    void start() {
        server = TestServer.start(ConsoleClient.properties());
        admin = new ConsoleClient(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theFirstAdminMustChangeItsPasswordAndTheSessionCookieIsStrict() {
        HttpResponse<String> loginPage = admin.get("/console/login");
        assertThat(loginPage.statusCode()).isEqualTo(200);
        HttpResponse<String> in = admin.login("admin", ConsoleClient.INITIAL_PASSWORD);
        assertThat(in.statusCode()).isEqualTo(303);
        String cookie =
                in.headers().allValues("Set-Cookie").stream()
                        .filter(c -> c.startsWith("vg_session="))
                        .findFirst()
                        .orElseThrow();
        assertThat(cookie.toLowerCase(java.util.Locale.ROOT))
                .contains("httponly")
                .contains("samesite=strict")
                .contains("path=/console");
        // Plain HTTP here; behind HTTPS the cookie is Secure too (SessionCookies).
        assertThat(cookie).doesNotContain("Secure");

        // Every page leads to the password page until the password is changed.
        assertThat(admin.get("/console/fleet").headers().firstValue("Location"))
                .hasValue("/console/password");
        HttpResponse<String> weak =
                admin.postWithToken(
                        "/console/password",
                        "/console/password",
                        Map.of(
                                "current", ConsoleClient.INITIAL_PASSWORD,
                                "password", "short",
                                "confirm", "short"));
        assertThat(weak.statusCode()).isEqualTo(422);
        assertThat(weak.body()).contains("at least 12 characters");
        HttpResponse<String> changed =
                admin.postWithToken(
                        "/console/password",
                        "/console/password",
                        Map.of(
                                "current", ConsoleClient.INITIAL_PASSWORD,
                                "password", NEW_PASSWORD,
                                "confirm", NEW_PASSWORD));
        assertThat(changed.statusCode()).isEqualTo(303);
        HttpResponse<String> fleet = admin.get("/console/fleet");
        assertThat(fleet.statusCode()).isEqualTo(200);
        assertThat(fleet.body()).contains("<h1>Fleet</h1>");
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM audit WHERE actor = 'console:admin'"
                                        + " AND action = 'console_user.password_change'"))
                .isEqualTo(1);

        // The old password no longer opens a session.
        ConsoleClient other = new ConsoleClient(server);
        assertThat(other.login("admin", ConsoleClient.INITIAL_PASSWORD).statusCode())
                .isEqualTo(401);
        assertThat(other.login("admin", NEW_PASSWORD).headers().firstValue("Location"))
                .hasValue("/console/fleet");
    }

    @Test
    void aFormPostWithoutTheSessionsCsrfTokenIsRefused() {
        admin.firstLogin(NEW_PASSWORD);
        HttpResponse<String> noToken =
                admin.post(
                        "/console/users",
                        Map.of("username", "mallory", "password", NEW_PASSWORD, "role", "admin"));
        assertThat(noToken.statusCode()).isEqualTo(403);
        HttpResponse<String> wrongToken =
                admin.post(
                        "/console/users",
                        Map.of(
                                "username", "mallory",
                                "password", NEW_PASSWORD,
                                "role", "admin",
                                "csrfToken", "forged.token"));
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        // The login form's token is no good once logged in: tokens are bound to the session.
        String loginToken = ConsoleClient.csrfOf(new ConsoleClient(server).get("/console/login"));
        HttpResponse<String> otherToken =
                admin.post(
                        "/console/users",
                        Map.of(
                                "username",
                                "mallory",
                                "password",
                                NEW_PASSWORD,
                                "role",
                                "admin",
                                "csrfToken",
                                loginToken));
        assertThat(otherToken.statusCode()).isEqualTo(403);
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM console_users WHERE username = 'mallory'"))
                .isZero();
        // A login form posted without its token is refused too (login CSRF).
        assertThat(
                        new ConsoleClient(server)
                                .post(
                                        "/console/login",
                                        Map.of("username", "admin", "password", NEW_PASSWORD))
                                .statusCode())
                .isIn(401, 403);
        // With its token, the admin creates a user.
        HttpResponse<String> created =
                admin.postWithToken(
                        "/console/users",
                        "/console/users",
                        Map.of("username", "alice", "password", NEW_PASSWORD, "role", "viewer"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(server.queryString("SELECT role FROM console_users WHERE username = 'alice'"))
                .isEqualTo("viewer");
    }

    @Test
    void aViewerCannotPostAnAdminFormEvenWithItsOwnToken() {
        server.context()
                .getBean(ConsoleUsers.class)
                .create("vera", NEW_PASSWORD, ConsoleRole.VIEWER, false, "test");
        ConsoleClient viewer = new ConsoleClient(server);
        assertThat(viewer.login("vera", NEW_PASSWORD).headers().firstValue("Location"))
                .hasValue("/console/fleet");
        HttpResponse<String> fleet = viewer.get("/console/fleet");
        assertThat(fleet.statusCode()).isEqualTo(200);
        assertThat(fleet.body()).doesNotContain("/console/users");
        assertThat(viewer.get("/console/users").statusCode()).isEqualTo(403);
        HttpResponse<String> forged =
                viewer.post(
                        "/console/users",
                        Map.of(
                                "username",
                                "mallory",
                                "password",
                                NEW_PASSWORD,
                                "role",
                                "admin",
                                "csrfToken",
                                ConsoleClient.csrfOf(fleet)));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM console_users WHERE username = 'mallory'"))
                .isZero();
    }

    @Test
    void failedLoginsAreThrottledPerUserForTheWindow() {
        for (int i = 0; i < 5; i++) {
            assertThat(admin.login("admin", "wrong-password-" + i).statusCode()).isEqualTo(401);
        }
        // Even the right password is refused while the window lasts.
        HttpResponse<String> refused = admin.login("admin", ConsoleClient.INITIAL_PASSWORD);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many failed sign-ins");
        server.clock().advance(Duration.ofMinutes(15));
        assertThat(admin.login("admin", ConsoleClient.INITIAL_PASSWORD).statusCode())
                .isEqualTo(303);
    }

    @Test
    void failedLoginsAreThrottledPerAddressAcrossUserNames() {
        for (int i = 0; i < 20; i++) {
            assertThat(admin.login("nobody" + i, "wrong-password").statusCode()).isEqualTo(401);
        }
        assertThat(admin.login("admin", ConsoleClient.INITIAL_PASSWORD).statusCode())
                .isEqualTo(429);
    }

    @Test
    void anIdleSessionEndsAndLogoutEndsOneAtOnce() {
        admin.firstLogin(NEW_PASSWORD);
        assertThat(admin.get("/console/fleet").statusCode()).isEqualTo(200);
        server.clock().advance(Duration.ofMinutes(29));
        assertThat(admin.get("/console/fleet").statusCode()).isEqualTo(200);
        server.clock().advance(Duration.ofMinutes(31));
        HttpResponse<String> ended = admin.get("/console/fleet");
        assertThat(ended.statusCode()).isIn(302, 303);
        assertThat(ended.headers().firstValue("Location")).hasValue("/console/login");

        ConsoleClient again = new ConsoleClient(server);
        again.login("admin", NEW_PASSWORD);
        assertThat(again.get("/console/fleet").statusCode()).isEqualTo(200);
        HttpResponse<String> out =
                again.postWithToken("/console/fleet", "/console/logout", Map.of());
        assertThat(out.headers().firstValue("Location"))
                .as(out.statusCode() + " " + out.body())
                .hasValue("/console/login");
        assertThat(again.get("/console/fleet").statusCode()).isIn(302, 303);
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicy() {
        HttpResponse<String> page = admin.get("/console/login");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("script-src 'self'").contains("object-src 'none'");
        assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.body())
                .doesNotContainPattern("<script>|<script [^>]*>[^<]+</script>|\\son[a-z]+=\"");
    }

    @Test
    void aLoginPostCarryingTheBrowsersOriginIsAccepted() {
        // Browsers send Origin with a form post; under Referrer-Policy no-referrer it is "null",
        // which Micronaut's CORS filter refuses on a localhost server. The console's pages ask
        // for same-origin, so the browser sends the console's own origin, accepted here.
        HttpResponse<String> page = admin.get("/console/login");
        assertThat(page.headers().firstValue("Referrer-Policy"))
                .hasValue(ContentSecurityPolicy.REFERRER_POLICY);
        String origin = server.uri("/").toString().replaceAll("/$", "");
        String body =
                "csrfToken="
                        + ConsoleClient.csrfOf(page)
                        + "&username=nobody&password=wrong-password-123";
        assertThat(admin.postWithOrigin("/console/login", body, origin).statusCode())
                .isEqualTo(401);
        assertThat(admin.postWithOrigin("/console/login", body, "null").statusCode())
                .isEqualTo(403);
    }

    @Test
    void aMalformedLoginFormIsA4xxNotAServerError() {
        HttpResponse<String> r = admin.postRaw("/console/login", "username=%ZZ&%%%");
        assertThat(r.statusCode()).isBetween(400, 499);
    }
}
