package io.edgeobs.agent.ingest;

import io.edgeobs.model.Signal;
import io.edgeobs.model.TelemetryRecord;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Until a sampling policy is configured, everything valid is kept. */
@ApplicationScoped
@DefaultBean
public class KeepAllFilter implements RecordFilter {

    @Override
    public List<? extends TelemetryRecord> apply(Signal signal, List<? extends TelemetryRecord> records) {
        return records;
    }
}
