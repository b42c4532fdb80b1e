package dev.vpsguard.e2e;

import static dev.vpsguard.e2e.Processes.ROOT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Grafana dashboard and the Prometheus alert rules of {@code packaging/grafana/}: the dashboard
 * is valid JSON, the rules valid YAML of Prometheus's rule-file shape, and every metric either
 * names is in the {@code /metrics} output of a running agent or server.
 */
final class MonitoringFiles {
    static final Path DASHBOARD = ROOT.resolve("packaging/grafana/vpsguard-dashboard.json");
    static final Path RULES = ROOT.resolve("packaging/grafana/vpsguard-alerts.yml");

    /** Metric names as they appear in PromQL: ours and the client library's process series. */
    private static final Pattern METRIC =
            Pattern.compile("\\b(?:vpsguard|process|jvm)_[a-z0-9_]+\\b");

    private MonitoringFiles() {}

    /** Every PromQL expression of the dashboard's panels and of the alert rules. */
    static List<String> expressions() throws IOException {
        List<String> out = new ArrayList<>();
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        assertThat(dashboard.path("panels").size()).isGreaterThan(10);
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                out.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                out.add(variable.path("query").asText());
            }
        }
        JsonNode rules = new YAMLMapper().readTree(Files.readString(RULES));
        for (JsonNode group : rules.path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                assertThat(rule.path("alert").asText()).as("rule %s", rule).startsWith("Vpsguard");
                assertThat(rule.path("labels").path("severity").asText()).isNotEmpty();
                out.add(rule.path("expr").asText());
            }
        }
        assertThat(out).isNotEmpty().noneMatch(String::isBlank);
        return out;
    }

    /** Every metric the expressions name, in sorted order. */
    static Set<String> metricNames(List<String> expressions) {
        Set<String> names = new TreeSet<>();
        for (String e : expressions) {
            Matcher m = METRIC.matcher(e);
            while (m.find()) {
                names.add(m.group());
            }
        }
        return names;
    }

    /** The sample names of a Prometheus text exposition (labels and values stripped). */
    static Set<String> exposed(String... expositions) {
        Set<String> names = new TreeSet<>();
        for (String text : expositions) {
            text.lines()
                    .filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .map(l -> l.split("[{ ]", 2)[0])
                    .forEach(names::add);
        }
        return names;
    }

    /** Fails naming each metric the dashboard or the rules use that neither endpoint exports. */
    static void assertEveryMetricIsExported(String serverMetrics, String agentMetrics)
            throws IOException {
        Set<String> used = metricNames(expressions());
        assertThat(used)
                .contains(
                        "vpsguard_hosts_silent",
                        "vpsguard_agent_spool_reports",
                        "vpsguard_outbox_dead_letters",
                        "vpsguard_decisions_total");
        assertThat(exposed(serverMetrics, agentMetrics))
                .as("the metrics the dashboard and alert rules use")
                .containsAll(used);
    }
}
