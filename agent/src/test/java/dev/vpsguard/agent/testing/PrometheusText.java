package dev.vpsguard.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in the Prometheus text format 0.0.4, parsed, and the naming rules vpsguard's metrics
 * follow, checked: HELP and TYPE before the samples, counters named {@code _total} and gauges not,
 * no {@code _created} series, base units (no percent, no per-second gauges, no milliseconds),
 * snake_case names, no series twice. {@link #promtool} adds Prometheus's own linter when installed.
 */
public final class PrometheusText {
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})? (\\S+)");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final Map<String, String> types = new LinkedHashMap<>();
    private final List<Sample> samples = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private PrometheusText(String text) {
        Set<String> help = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("# HELP ")) {
                help.add(line.split(" ")[2]);
            } else if (line.startsWith("# TYPE ")) {
                String[] p = line.split(" ");
                types.put(p[2], p[3]);
            } else if (!line.isBlank() && !line.startsWith("#")) {
                Matcher m = SAMPLE.matcher(line);
                if (!m.matches()) {
                    problems.add("not a sample line: " + line);
                    continue;
                }
                Map<String, String> labels = new LinkedHashMap<>();
                if (m.group(3) != null) {
                    Matcher l = LABEL.matcher(m.group(3));
                    while (l.find()) {
                        labels.put(l.group(1), l.group(2));
                    }
                }
                Sample s = new Sample(m.group(1), labels, Double.parseDouble(m.group(4)));
                samples.add(s);
                String family = family(s.name());
                if (family == null) {
                    problems.add(s.name() + ": no # TYPE line before it");
                } else if (!help.contains(family)) {
                    problems.add(family + ": no # HELP line");
                }
                if (!seen.add(s.name() + s.labels())) {
                    problems.add(s.name() + s.labels() + ": exposed twice");
                }
            }
        }
        lint();
    }

    /** Parses a scrape. */
    public static PrometheusText parse(String text) {
        return new PrometheusText(text);
    }

    /** The family a sample belongs to (histogram and summary samples carry suffixes). */
    private String family(String sample) {
        if (types.containsKey(sample)) {
            return sample;
        }
        for (String suffix : List.of("_bucket", "_count", "_sum", "_total", "_created")) {
            if (sample.endsWith(suffix)) {
                String base = sample.substring(0, sample.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return null;
    }

    private void lint() {
        for (Sample s : samples) {
            String n = s.name();
            String type = types.get(family(n));
            if (n.endsWith("_created")) {
                problems.add(n + ": _created series are not exposed");
            }
            if ("counter".equals(type) && !n.endsWith("_total")) {
                problems.add(n + ": a counter's name ends in _total");
            }
            if ("gauge".equals(type) && n.endsWith("_total")) {
                problems.add(n + ": a gauge's name must not end in _total");
            }
            if (n.contains("percent") || n.contains("per_second") || n.contains("millis")) {
                problems.add(n + ": not a base unit (ratio 0..1, seconds, bytes; counters)");
            }
            if (!n.equals(n.toLowerCase(java.util.Locale.ROOT))) {
                problems.add(n + ": not snake_case");
            }
        }
    }

    /** What breaks the rules; empty when none. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    /** The samples of one name. */
    public List<Sample> named(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** The value of the one sample with this name and these labels (exactly), or null. */
    public Double value(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().equals(labels))
                .map(Sample::value)
                .findFirst()
                .orElse(null);
    }

    /** {@code # TYPE} of a family, or null. */
    public String type(String family) {
        return types.get(family);
    }

    /**
     * {@code promtool check metrics} on the text: its findings, or null when promtool is not
     * installed (Debian: {@code apt-get install prometheus}).
     */
    public static String promtool(String text, Path tmp) throws IOException, InterruptedException {
        Path bin = Path.of(System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool"));
        if (!Files.isExecutable(bin)) {
            return null;
        }
        Path in = Files.writeString(tmp.resolve("scrape.prom"), text, StandardCharsets.UTF_8);
        Process p =
                new ProcessBuilder(bin.toString(), "check", "metrics")
                        .redirectInput(in.toFile())
                        .redirectErrorStream(true)
                        .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("promtool did not finish within 30 s");
        }
        return p.exitValue() == 0 ? out : "exit " + p.exitValue() + ": " + out;
    }
}
