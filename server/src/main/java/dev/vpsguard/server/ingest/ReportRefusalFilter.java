package dev.vpsguard.server.ingest;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * Counts the reports refused before they reach {@link ReportService}: an unknown or revoked host
 * credential ({@code vpsguard_reports_rejected_total{reason="unauthorized"}}), answered by the
 * authentication filter. The service counts the refusals it makes itself.
 */
@ServerFilter("/api/v1/reports")
public class ReportRefusalFilter implements Ordered {
    private final IngestMetrics metrics;

    public ReportRefusalFilter(IngestMetrics metrics) {
        this.metrics = metrics;
    }

    @ResponseFilter
    public void count(HttpResponse<?> response) {
        if (response.getStatus() == HttpStatus.UNAUTHORIZED) {
            metrics.rejected.labels("unauthorized").inc();
        }
    }

    @Override
    public int getOrder() {
        // Before the authentication filter, so its refusals pass through this response filter.
        return HIGHEST_PRECEDENCE + 50;
    }
}
