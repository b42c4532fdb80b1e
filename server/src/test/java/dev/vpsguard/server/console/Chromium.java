package dev.vpsguard.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vpsguard.server.Agents;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium through its chromedriver (packages chromium and chromium-driver, which
 * scripts/setup-debian.sh installs; nothing downloads a browser), one per test class, with a fresh
 * profile deleted at the end; and axe-core, the accessibility engine, injected into pages by the
 * tests only (scripts/setup-debian.sh installs it from npm; the console never ships it).
 */
final class Chromium implements AutoCloseable {
    static final File CHROMIUM = new File("/usr/bin/chromium");
    static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

    /** Where scripts/setup-debian.sh puts axe-core; {@code -Daxe.path=...} moves it. */
    static final Path AXE =
            Path.of(
                    System.getProperty(
                            "axe.path", "/opt/vpsguard-test/node_modules/axe-core/axe.min.js"));

    /** Set to a directory (e.g. {@code $PWD/docs/screenshots}) to keep the pages' screenshots. */
    static final String SCREENSHOTS = "console.screenshots";

    final WebDriver driver;
    private final Path profile;

    private Chromium(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Skips the calling test class, saying why, where Chromium or its driver is missing. */
    static void assumeAvailable() {
        Assumptions.assumeTrue(
                CHROMIUM.canExecute() && CHROMEDRIVER.canExecute(),
                "Browser tests skipped: /usr/bin/chromium and /usr/bin/chromedriver are needed"
                        + " (apt-get install chromium chromium-driver)");
    }

    /** A headless Chromium at 1366×768 in English. */
    static Chromium start() {
        try {
            Path profile = Files.createTempDirectory("vg-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM);
            options.addArguments(
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-dev-shm-usage",
                    "--disable-gpu",
                    "--window-size=1366,768",
                    "--hide-scrollbars",
                    "--lang=en-US",
                    "--user-data-dir=" + profile);
            ChromeDriverService service =
                    new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build();
            WebDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
            Chromium chromium = new Chromium(driver, profile);
            chromium.viewport(1366, 768);
            return chromium;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Sizes the page itself (the viewport, what screenshots show) to {@code width}×{@code height}:
     * the window size includes the browser's own frame, so the window grows by it.
     */
    void viewport(int width, int height) {
        Object frame = script("return window.outerHeight - window.innerHeight");
        driver.manage()
                .window()
                .setSize(new Dimension(width, height + ((Number) frame).intValue()));
        Object inner = script("return window.innerWidth");
        if (((Number) inner).intValue() != width) {
            // Headless windows may keep a frame width too; correct by what the page reports.
            int dx = width - ((Number) inner).intValue();
            driver.manage()
                    .window()
                    .setSize(new Dimension(width + dx, height + ((Number) frame).intValue()));
        }
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    void awaitLoaded() {
        new WebDriverWait(driver, Duration.ofSeconds(10))
                .until(d -> "complete".equals(script("return document.readyState")));
    }

    /**
     * The serious and critical axe-core violations of the page open now, one line each (rule,
     * impact, the elements concerned).
     */
    List<String> axeViolations() throws IOException {
        Assumptions.assumeTrue(
                Files.isReadable(AXE),
                "axe-core not found at " + AXE + ": run scripts/setup-debian.sh");
        awaitLoaded();
        script(Files.readString(AXE));
        Object json =
                ((JavascriptExecutor) driver)
                        .executeAsyncScript(
                                "const done = arguments[arguments.length - 1];"
                                        + "axe.run(document)"
                                        + ".then(r => done(JSON.stringify({passes:"
                                        + " r.passes.length, violations: r.violations})),"
                                        + " e => done('error: ' + e));");
        String text = String.valueOf(json);
        if (text.startsWith("error")) {
            throw new AssertionError("axe-core failed: " + text);
        }
        JsonNode result = Agents.json(text);
        if (result.path("passes").asInt() == 0) {
            throw new AssertionError("axe-core checked nothing on " + driver.getCurrentUrl());
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : result.path("violations")) {
            String impact = v.path("impact").asText();
            if (impact.equals("serious") || impact.equals("critical")) {
                List<String> targets = new ArrayList<>();
                v.path("nodes").forEach(n -> targets.add(n.path("target").toString()));
                out.add(v.path("id").asText() + " (" + impact + ") " + targets);
            }
        }
        return out;
    }

    /** Saves the page open now as {@code name}.png when {@code -Dconsole.screenshots} is set. */
    void screenshot(String name) throws IOException {
        String dir = System.getProperty(SCREENSHOTS, "");
        if (dir.isBlank()) {
            return;
        }
        awaitLoaded();
        Path to = Path.of(dir);
        Files.createDirectories(to);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), to.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
