package io.edgeobs.agent.ingest;

import io.edgeobs.model.Signal;
import io.edgeobs.model.TelemetryRecord;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Keeps everything valid: the filter when no sampling policy bean is present (tests of the core). */
@ApplicationScoped
@DefaultBean
public class KeepAllFilter implements RecordFilter {

    @Override
    public Filtered apply(Signal signal, List<? extends TelemetryRecord> records) {
        return Filtered.all(records);
    }
}
