package dev.vpsguard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** One scrape of the server's {@code /metrics}, read series by series. */
public final class MetricsScrape {
    private final String text;

    public MetricsScrape(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    /**
     * The value of one series written as simpleclient writes it, e.g. {@code
     * vpsguard_decisions_total{kind="smtp_block_started",}}; null when absent.
     */
    public Double value(String series) {
        return text.lines()
                .filter(l -> l.startsWith(series + " "))
                .map(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst()
                .orElse(null);
    }

    /**
     * No {@code _created} series, every counter named {@code _total}, and {@code promtool check
     * metrics} clean when promtool is installed (Debian: {@code apt-get install prometheus}).
     */
    public void assertConventional(Path tmp) throws IOException, InterruptedException {
        assertThat(text).doesNotContain("_created");
        text.lines()
                .filter(l -> l.startsWith("# TYPE ") && l.endsWith(" counter"))
                .forEach(l -> assertThat(l.split(" ")[2]).endsWith("_total"));
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            System.out.println("promtool not installed: /metrics checked by the rules above only");
            return;
        }
        Process p =
                new ProcessBuilder(promtool.toString(), "check", "metrics")
                        .redirectInput(Files.writeString(tmp.resolve("scrape.prom"), text).toFile())
                        .redirectErrorStream(true)
                        .start();
        String findings = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(findings).as("promtool check metrics").isEmpty();
        assertThat(p.exitValue()).isZero();
    }
}
