package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;

/**
 * Every console page the router knows, in Debian's headless Chromium, with the hostile texts of
 * {@link ConsoleFixture} on them: axe-core finds no serious or critical accessibility violation,
 * and no payload runs (no alert, no side effect).
 */
class ConsolePagesBrowserTest {
    static final String PASSWORD = ConsoleAccessTest.NEW_PASSWORD;

    static ConsoleFixture fixture;
    static Chromium chromium;
    static List<String> pages;

    @BeforeAll
    static void start() {
        Chromium.assumeAvailable();
        fixture = ConsoleFixture.start();
        new ConsoleClient(fixture.server).firstLogin(PASSWORD);
        pages = ConsoleRoutes.pages(fixture.server, fixture.ids());
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private void open(String path) {
        chromium.driver.get(fixture.server.uri(path).toString());
        chromium.awaitLoaded();
    }

    private void signIn() {
        open(ConsoleRoutes.LOGIN);
        chromium.driver.manage().deleteAllCookies();
        open(ConsoleRoutes.LOGIN);
        chromium.driver.findElement(By.id("username")).sendKeys("admin");
        chromium.driver.findElement(By.id("password")).sendKeys(PASSWORD);
        chromium.driver.findElement(By.id("login")).click();
        assertThat(chromium.driver.getCurrentUrl()).endsWith("/console/fleet");
    }

    @Test
    void axeFindsNoSeriousOrCriticalViolationOnAnyPage() throws IOException {
        List<String> violations = new ArrayList<>();
        open(ConsoleRoutes.LOGIN);
        chromium.driver.manage().deleteAllCookies();
        open(ConsoleRoutes.LOGIN);
        chromium.axeViolations().forEach(v -> violations.add(ConsoleRoutes.LOGIN + ": " + v));
        signIn();
        for (String page : pages) {
            open(page);
            chromium.axeViolations().forEach(v -> violations.add(page + ": " + v));
        }
        assertThat(violations).isEmpty();
        // The scan finds what it must: an image without a text alternative is critical.
        chromium.script(
                "const i = document.createElement('img'); i.src = '/console/assets/none.png';"
                        + " document.querySelector('main').appendChild(i);");
        assertThat(chromium.axeViolations()).anyMatch(v -> v.startsWith("image-alt (critical)"));
    }

    @Test
    void noHostileTextRunsOnAnyPage() {
        signIn();
        List<String> ran = new ArrayList<>();
        for (String page : pages) {
            open(page);
            try {
                String text = chromium.driver.switchTo().alert().getText();
                chromium.driver.switchTo().alert().dismiss();
                ran.add(page + ": alert " + text);
            } catch (NoAlertPresentException expected) {
                // Nothing ran.
            }
            Object pwned =
                    chromium.script("return window.pwned === undefined ? null : window.pwned");
            if (pwned != null) {
                ran.add(page + ": window.pwned = " + pwned);
            }
        }
        assertThat(ran).isEmpty();
        // The agent's guest name is on the host page, as text.
        open("/console/hosts/" + fixture.hostId);
        assertThat(chromium.driver.findElement(By.className("guest-name")).getText())
                .isEqualTo(ConsoleFixture.GUEST_NAME);
    }
}
