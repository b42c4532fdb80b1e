package dev.vpsguard.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

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
        // The click returns before the redirect to the fleet page has been followed.
        new WebDriverWait(chromium.driver, Duration.ofSeconds(10))
                .until(ExpectedConditions.urlMatches(".*/console/fleet$"));
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
            if (page.equals("/console/enrolment")) {
                chromium.screenshot("console-enrolment");
            }
            chromium.axeViolations().forEach(v -> violations.add(page + ": " + v));
        }
        assertThat(violations).isEmpty();
        // The scan finds what it must: an image without a text alternative is critical.
        chromium.script(
                "const i = document.createElement('img'); i.src = '/console/assets/none.png';"
                        + " document.querySelector('main').appendChild(i);");
        assertThat(chromium.axeViolations()).anyMatch(v -> v.startsWith("image-alt (critical)"));
    }

    /**
     * At a phone's 390×844 and a laptop's 1366×768, no page is wider than the window (a wide table
     * scrolls in its own box, not the page), and every link of the main navigation is on screen
     * width-wise and clickable.
     */
    @Test
    void everyPageFitsAPhoneAndALaptopWithItsNavigationReachable() throws IOException {
        signIn();
        List<String> problems = new ArrayList<>();
        try {
            for (int[] size : new int[][] {{390, 844}, {1366, 768}}) {
                chromium.viewport(size[0], size[1]);
                for (String page : pages) {
                    open(page);
                    String where = size[0] + "x" + size[1] + " " + page + ": ";
                    Object overflow =
                            chromium.script(
                                    "const d = document.documentElement, w = window.innerWidth;"
                                            + " if (d.scrollWidth <= w) return null;"
                                            + " const wide = [...document.body.querySelectorAll('*')]"
                                            + ".filter(e => e.getBoundingClientRect().right > w &&"
                                            + " e.parentElement.getBoundingClientRect().right <= w &&"
                                            + " !e.parentElement.closest('.table-wrap, table'))"
                                            + ".map(e => e.tagName.toLowerCase() + '.' + e.className"
                                            + " + '#' + e.id).slice(0, 3);"
                                            + " return d.scrollWidth + ' > ' + w + ' ' + wide");
                    if (overflow != null) {
                        problems.add(where + "page wider than the window, " + overflow);
                    }
                    Object unreachable =
                            chromium.script(
                                    "const links = [...document.querySelectorAll('nav a')];"
                                            + " if (links.length === 0) return 'no navigation';"
                                            + " const bad = links.filter(a => { const r ="
                                            + " a.getBoundingClientRect(); return r.width === 0 ||"
                                            + " r.left < 0 || r.right > window.innerWidth; });"
                                            + " return bad.length ? bad.map(a =>"
                                            + " a.getAttribute('href')).join(' ') : null");
                    if (unreachable != null) {
                        problems.add(where + "navigation off screen: " + unreachable);
                    }
                }
                open("/console/fleet");
                if (size[0] == 390) {
                    chromium.screenshot("console-phone-fleet");
                }
            }
        } finally {
            chromium.viewport(1366, 768);
        }
        assertThat(problems).isEmpty();
    }

    /**
     * From the top of the blocks page, Tab alone reaches the first form control of its content,
     * each stop on the way showing a focus outline.
     */
    @Test
    void tabFromTheTopReachesTheBlocksPagesFirstFormControlWithAVisibleFocus() {
        signIn();
        open("/console/blocks");
        String first =
                (String)
                        chromium.script(
                                "const c = document.querySelector('main form button, main form"
                                        + " input:not([type=hidden]), main form select, main form"
                                        + " textarea'); c.setAttribute('data-first', 'yes');"
                                        + " return c.outerHTML");
        assertThat(first).isNotBlank();
        var body = chromium.driver.findElement(By.tagName("body"));
        body.click();
        List<String> noOutline = new ArrayList<>();
        boolean reached = false;
        for (int i = 0; i < 60 && !reached; i++) {
            new org.openqa.selenium.interactions.Actions(chromium.driver)
                    .sendKeys(org.openqa.selenium.Keys.TAB)
                    .perform();
            Object focus =
                    chromium.script(
                            "const e = document.activeElement; const s = getComputedStyle(e);"
                                    + " return [e.getAttribute('data-first') || '', s.outlineStyle,"
                                    + " e.outerHTML.slice(0, 80)].join('|')");
            String[] f = String.valueOf(focus).split("\\|", 3);
            if (f[1].equals("none")) {
                noOutline.add(f[2]);
            }
            reached = f[0].equals("yes");
        }
        assertThat(reached).as("Tab reached " + first).isTrue();
        assertThat(noOutline).as("focused without a visible outline").isEmpty();
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
