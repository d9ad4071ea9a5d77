package io.edgeobs.ingest.sink;

import io.edgeobs.ingest.config.IngestConfig;
import io.edgeobs.model.Signal;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where each signal goes, from {@code edgeobs.ingest.sinks.*}: metrics always to PostgreSQL; logs to
 * {@code postgresql}, {@code opensearch} or {@code both}; spans to {@code postgresql}, {@code otlp} or {@code both}.
 */
public record SinkTargets(boolean logsToPostgres, boolean logsToOpenSearch, boolean spansToPostgres, boolean spansToOtlp) {

    public static SinkTargets of(IngestConfig.Sinks sinks) {
        String logs = sinks.logs();
        String spans = sinks.spans();
        if (!Set.of("postgresql", "opensearch", "both").contains(logs)) {
            throw new IllegalArgumentException("edgeobs.ingest.sinks.logs must be postgresql, opensearch or both, was '" + logs + "'");
        }
        if (!Set.of("postgresql", "otlp", "both").contains(spans)) {
            throw new IllegalArgumentException("edgeobs.ingest.sinks.spans must be postgresql, otlp or both, was '" + spans + "'");
        }
        return new SinkTargets(!logs.equals("opensearch"), !logs.equals("postgresql"), !spans.equals("otlp"),
                !spans.equals("postgresql"));
    }

    /** The signals whose records are written to PostgreSQL. */
    public Set<Signal> postgresSignals() {
        Set<Signal> s = EnumSet.of(Signal.METRICS);
        if (logsToPostgres) {
            s.add(Signal.LOGS);
        }
        if (spansToPostgres) {
            s.add(Signal.SPANS);
        }
        return s;
    }
}
