package io.edgeobs.agent.ingest;

import io.edgeobs.model.Signal;
import io.edgeobs.model.TelemetryRecord;

import java.util.List;
import java.util.Map;

/**
 * Where sampling and rate limits apply, after validation and before the durable append. What it removes it
 * reports by reason, and {@link Ingest} counts it.
 */
public interface RecordFilter {

    Filtered apply(Signal signal, List<? extends TelemetryRecord> records);

    /**
     * @param kept    the records to keep, in their order
     * @param dropped how many were removed, by reason ({@code sampled_out}, {@code rate_limited}, ...)
     */
    record Filtered(List<? extends TelemetryRecord> kept, Map<String, Integer> dropped) {

        public static Filtered all(List<? extends TelemetryRecord> records) {
            return new Filtered(records, Map.of());
        }
    }
}
