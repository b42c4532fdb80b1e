package dev.vpsguard.server.metrics;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Predicate;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;

/**
 * {@code GET /metrics} in the Prometheus text format (0.0.4). Needs the admin token like the rest
 * of the API; Prometheus sends it with {@code authorization: {credentials_file: ...}}.
 */
@Controller("/metrics")
public class MetricsController {
    /**
     * Every sample but the {@code _created} ones simpleclient adds to counters and histograms:
     * Prometheus does not use them and they double the series.
     */
    private static final Predicate<String> EXPOSED = name -> !name.endsWith("_created");

    private final CollectorRegistry registry;

    public MetricsController(CollectorRegistry registry) {
        this.registry = registry;
    }

    @Get
    public HttpResponse<String> scrape() throws IOException {
        StringWriter out = new StringWriter();
        TextFormat.write004(out, registry.filteredMetricFamilySamples(EXPOSED));
        return HttpResponse.ok(out.toString()).contentType(TextFormat.CONTENT_TYPE_004);
    }
}
