package dev.vpsguard.agent.smtp;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Feeds conntrack lines through the parser into the aggregator and the urgent-report trigger, and
 * counts what happened to them. Called from one consumer thread (the one that drains {@link
 * ConntrackEventSource}).
 */
public final class SmtpObserver {
    private final SmtpWindowAggregator aggregator;
    private final SourceAttribution attribution;
    private final UrgentReportTrigger trigger;
    private final Consumer<String> warnings;
    private final Counter parsed =
            Counter.build(
                            "vpsguard_agent_conntrack_events_parsed_total",
                            "conntrack events parsed.")
                    .create();
    private final Counter parseErrors =
            Counter.build(
                            "vpsguard_agent_conntrack_parse_errors_total",
                            "conntrack lines that were not events (skipped).")
                    .create();
    private boolean parseErrorLogged;

    /**
     * @param attribution the same attribution the aggregator uses
     * @param warnings where the first parse error is explained (the agent's log)
     */
    public SmtpObserver(
            SmtpWindowAggregator aggregator,
            SourceAttribution attribution,
            UrgentReportTrigger trigger,
            Consumer<String> warnings) {
        this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
        this.attribution = Objects.requireNonNull(attribution, "attribution");
        this.trigger = Objects.requireNonNull(trigger, "trigger");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /**
     * Handles one line.
     *
     * @return true when a report should be sent now (a guest crossed the pre-alert level)
     */
    public boolean onLine(String line) {
        ConntrackEvent event;
        try {
            event = ConntrackEventParser.parse(line);
        } catch (ConntrackParseException e) {
            parseErrors.inc();
            if (!parseErrorLogged) {
                parseErrorLogged = true;
                warnings.accept(
                        "skipping conntrack lines that are not events, first: " + e.getMessage());
            }
            return false;
        }
        parsed.inc();
        aggregator.accept(event);
        if (event.type() != ConntrackEvent.Type.NEW) {
            return false;
        }
        int vmid = attribution.vmidOf(event.original().source());
        return vmid != SourceAttribution.UNATTRIBUTED && trigger.newConnection(vmid);
    }

    /** Events parsed since start. */
    public long eventsParsed() {
        return (long) parsed.get();
    }

    /** Lines rejected by the parser since start. */
    public long parseErrors() {
        return (long) parseErrors.get();
    }

    /** Registers the parse counters and the per-guest SMTP counters. */
    public void register(CollectorRegistry registry) {
        registry.register(parsed);
        registry.register(parseErrors);
        registry.register(new SmtpMetricsCollector(aggregator));
    }
}
