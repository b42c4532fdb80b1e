package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vpsguard.protocol.ProtocolJson;
import dev.vpsguard.server.Agents;
import dev.vpsguard.server.TestServer;
import dev.vpsguard.server.console.access.ConsoleRole;
import dev.vpsguard.server.console.access.ConsoleUsers;
import dev.vpsguard.server.decision.LadderDriver;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in Debian's headless Chromium (packages chromium and chromium-driver, which
 * scripts/setup-debian.sh installs): nothing downloads a browser. Skips, saying so, where they are
 * absent.
 */
class ConsoleBrowserTest {
    static final String XSS = "<script>window.pwned=1</script><img src=x onerror=window.pwned=2>";
    static final String PASSWORD = "browser-test-passphrase-7";

    static TestServer server;
    static Path policies;
    static Agents.Enrolled host;
    static Chromium chromium;
    static WebDriver driver;

    @BeforeAll
    static void startServer() throws IOException {
        Chromium.assumeAvailable();
        policies = Files.createTempDirectory("vg-policies-");
        Files.writeString(policies.resolve("operator-rung.yml"), LadderDriver.operatorRungPolicy());
        Map<String, Object> props = new HashMap<>(ConsoleClient.properties());
        props.put("vpsguard.policies.dir", policies.toString());
        server = TestServer.start(props);
        host = Agents.enroll(server, "pve-browser-1");
        Instant now = server.clock().instant();
        byte[] report =
                ProtocolJson.write(
                        Agents.report(
                                host.hostId(),
                                1,
                                now,
                                List.of(
                                        Agents.named(Agents.guest(101, 0.5, 0, now), XSS),
                                        Agents.guest(102, 1.0, 0, now))));
        HttpResponse<String> r = server.postJson("/api/v1/reports", host.credential(), report);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        // One browser for the class; each test starts signed out (see signedOut).
        chromium = Chromium.start();
        driver = chromium.driver;
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (server != null) {
            server.close();
        }
        if (policies != null) {
            Files.deleteIfExists(policies.resolve("operator-rung.yml"));
            Files.deleteIfExists(policies);
        }
    }

    @BeforeEach
    void signedOut() {
        open("/console/login");
        driver.manage().deleteAllCookies();
    }

    private void open(String path) {
        driver.get(server.uri(path).toString());
    }

    /** Waits for the redirect a click started: the click returns before it is followed. */
    private void awaitPath(String path) {
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> d.getCurrentUrl().endsWith(path));
    }

    /**
     * Waits until the element {@code by} reads {@code text}: after a click the old page can still
     * be there, or go stale while being read.
     */
    private void awaitText(By by, String text) {
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .until(d -> d.findElement(by).getText().contains(text));
    }

    private void login(String user, String password) {
        open("/console/login");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> !d.getCurrentUrl().endsWith("/console/login"));
    }

    private String h1() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    @Test
    void anAdminLogsInChangesTheFirstPasswordAndSeesTheReportedHostAndItsGuestsEscaped()
            throws IOException {
        open("/console/login");
        screenshot("console-login");
        login("admin", ConsoleClient.INITIAL_PASSWORD);
        awaitPath("/console/password");
        driver.findElement(By.id("current")).sendKeys(ConsoleClient.INITIAL_PASSWORD);
        driver.findElement(By.id("password")).sendKeys(PASSWORD);
        driver.findElement(By.id("confirm")).sendKeys(PASSWORD);
        driver.findElement(By.id("change")).click();

        awaitPath("/console/fleet");
        assertThat(h1()).isEqualTo("Fleet");
        var row = driver.findElement(By.cssSelector("tr[data-host-id='" + host.hostId() + "']"));
        assertThat(row.getText()).contains("pve-browser-1").contains("reporting");
        assertThat(row.findElement(By.className("running")).getText()).isEqualTo("2");
        assertThat(row.findElement(By.className("total")).getText()).isEqualTo("2");
        // The fleet's counts above its first page (other tests of the class may add a host);
        // a few hosts fill no second page.
        assertThat(driver.findElement(By.id("count-hosts")).getText()).matches("[1-9][0-9]*");
        assertThat(driver.findElements(By.id("next-page"))).isEmpty();
        screenshot("console-fleet");

        row.findElement(By.linkText("pve-browser-1")).click();
        awaitText(By.id("host-name"), "pve-browser-1");
        List<String> names =
                driver.findElements(By.className("guest-name")).stream()
                        .map(e -> e.getText())
                        .toList();
        // The agent's hostile guest name shows as text; it ran nothing.
        assertThat(names).containsExactly(XSS, "vm102");
        assertThat(((JavascriptExecutor) driver).executeScript("return window.pwned")).isNull();
        assertThat(driver.findElements(By.cssSelector("#guests img"))).isEmpty();

        // Switch to French, and the choice stays with the user.
        driver.findElement(By.id("lang-fr")).click();
        awaitText(By.linkText("Retour au parc"), "Retour au parc");
        assertThat(driver.findElement(By.id("host-name")).getText()).isEqualTo("pve-browser-1");
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
        assertThat(driver.findElement(By.linkText("Retour au parc")).isDisplayed()).isTrue();
        open("/console/fleet");
        assertThat(h1()).isEqualTo("Parc");
        assertThat(driver.findElement(By.id("fleet")).getText()).contains("rapporte");
        driver.findElement(By.id("lang-en")).click();
        // The click's post answers with a redirect: wait for the new page, not the old one.
        new WebDriverWait(driver, Duration.ofSeconds(5))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> h1().equals("Fleet"));
        assertThat(h1()).isEqualTo("Fleet");
    }

    @Test
    void aViewerSeesNoAdminFormAndItsForgedPostsAreRefused() {
        server.context()
                .getBean(ConsoleUsers.class)
                .create("viola", PASSWORD, ConsoleRole.VIEWER, false, "test");
        login("viola", PASSWORD);
        assertThat(h1()).isEqualTo("Fleet");
        assertThat(driver.findElements(By.cssSelector("a[href='/console/users']"))).isEmpty();
        String token =
                driver.findElement(By.cssSelector("input[name=csrfToken]")).getAttribute("value");
        // A forged POST from the viewer's own session: with its token (role refused) and
        // without (CSRF refused).
        Object withToken =
                post(
                        "/console/users",
                        "username=mallory&role=admin&password=" + PASSWORD + "&csrfToken=" + token);
        Object withoutToken =
                post("/console/users", "username=mallory&role=admin&password=" + PASSWORD);
        assertThat(withToken).isEqualTo(403L);
        assertThat(withoutToken).isEqualTo(403L);
        assertThat(
                        server.queryLong(
                                "SELECT COUNT(*) FROM console_users WHERE username = 'mallory'"))
                .isZero();
    }

    @Test
    void anOperatorApprovesOneRequestRefusesAnotherAndSeesTheGuestsLadder() throws IOException {
        LadderDriver agent = LadderDriver.enroll(server);
        agent.report(0, 201, 202);
        String[] requests = new String[2];
        for (int i = 0; i < 2; i++) {
            int vmid = 201 + i;
            agent.assignTenant(vmid, "browser-" + vmid, "operator-rung");
            agent.spamUntilBlocked(vmid);
            var asked =
                    agent.requestUnblock(
                            agent.activeBlockId(vmid), TestServer.ADMIN_TOKEN, "fixed");
            requests[i] = Agents.json(asked.body()).get("requestId").asText();
        }
        server.context()
                .getBean(ConsoleUsers.class)
                .create("otto", PASSWORD, ConsoleRole.OPERATOR, false, "test");
        login("otto", PASSWORD);
        driver.findElement(By.cssSelector("a[href='/console/blocks']")).click();
        awaitText(By.tagName("h1"), "Blocks and requests");
        assertThat(h1()).isEqualTo("Blocks and requests");
        screenshot("console-blocks");

        driver.findElement(By.cssSelector("tr[data-request-id='" + requests[0] + "'] .approve"))
                .click();
        awaitText(By.id("decided"), "scheduled");
        assertThat(
                        server.queryString(
                                "SELECT outcome FROM unblock_requests WHERE id = '"
                                        + requests[0]
                                        + "'"))
                .isEqualTo("scheduled");

        var refuse = By.cssSelector("tr[data-request-id='" + requests[1] + "']");
        driver.findElement(refuse).findElement(By.name("reason")).sendKeys("still spamming");
        driver.findElement(refuse).findElement(By.className("refuse")).click();
        awaitText(By.id("decided"), "refused");

        open("/console/guests/" + agent.guestId(202));
        assertThat(driver.findElement(By.className("strike")).getText()).isEqualTo("1");
        assertThat(driver.findElement(By.className("clause")).getText()).isNotBlank();
        assertThat(driver.findElement(By.className("left")).getText()).endsWith("min");
        // The evidence reads as figures, one name and value each, not as raw JSON.
        assertThat(driver.findElement(By.className("evidence")).getText())
                .contains("rules")
                .doesNotStartWith("{");
        assertThat(driver.findElement(By.id("audit")).getText())
                .contains("console:otto")
                .contains("still spamming");
        // The hour's CPU chart: uPlot (from the server, under the strict CSP) drew the agent's
        // samples, fetched by the page's script.
        String cpuChart = "#charts-hour .chart[data-keys='cpu']";
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(
                        d ->
                                !driver.findElements(By.cssSelector(cpuChart + " canvas")).isEmpty()
                                        && Integer.parseInt(
                                                        driver.findElement(By.cssSelector(cpuChart))
                                                                .getAttribute("data-points"))
                                                > 1);
        Object painted =
                ((JavascriptExecutor) driver)
                        .executeScript(
                                "const c = document.querySelector(arguments[0] + ' canvas');"
                                        + "const px = c.getContext('2d')"
                                        + ".getImageData(0, 0, c.width, c.height).data;"
                                        + "let n = 0; for (let i = 3; i < px.length; i += 4)"
                                        + " if (px[i] > 0) n++; return n;",
                                cpuChart);
        assertThat((Long) painted).isGreaterThan(100L);
        screenshot("console-guest");
        ((JavascriptExecutor) driver)
                .executeScript("document.getElementById('charts-hour').scrollIntoView()");
        screenshot("console-guest-charts");
        open("/console/hosts/" + agent.hostId());
        assertThat(driver.findElements(By.className("guest-name"))).hasSize(2);
        screenshot("console-host");
        // The rest of the main pages, with this test's data, for docs/screenshots.
        for (String page :
                List.of(
                        "actions",
                        "tenants",
                        "contracts/operator-rung",
                        "notifications",
                        "audit")) {
            open("/console/" + page);
            assertThat(driver.findElements(By.tagName("h1"))).hasSize(1);
            screenshot("console-" + page.replace("s/operator-rung", ""));
        }
    }

    private Object post(String path, String body) {
        return ((JavascriptExecutor) driver)
                .executeAsyncScript(
                        "const done = arguments[arguments.length - 1];"
                                + "fetch(arguments[0], {method: 'POST', redirect: 'manual',"
                                + " headers: {'Content-Type': 'application/x-www-form-urlencoded'},"
                                + " body: arguments[1]}).then(r => done(r.status), e => done(String(e)));",
                        path,
                        body);
    }

    private void screenshot(String name) throws IOException {
        chromium.screenshot(name);
    }
}
