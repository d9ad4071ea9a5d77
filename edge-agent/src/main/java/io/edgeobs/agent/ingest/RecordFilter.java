package io.edgeobs.agent.ingest;

import io.edgeobs.model.Signal;
import io.edgeobs.model.TelemetryRecord;

import java.util.List;

/**
 * The hook where sampling and rate limits apply (the collection issue fills it from the device's policy). Must
 * count what it drops.
 */
public interface RecordFilter {

    List<? extends TelemetryRecord> apply(Signal signal, List<? extends TelemetryRecord> records);
}
