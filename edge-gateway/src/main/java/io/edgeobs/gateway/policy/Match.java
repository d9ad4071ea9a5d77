package io.edgeobs.gateway.policy;

import io.edgeobs.model.LogLevel;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which records a rule applies to; every given condition must hold. Batch-level conditions (signal, tenant, fleet,
 * device) are checked once per batch; record-level ones (metric name, span service and operation, log level, tags)
 * per record. A tag condition looks at the record's tags (a log record's top-level fields), then the resource's tags.
 */
public record Match(Optional<Signal> signal, Glob tenant, Glob fleet, Glob deviceType, Glob deviceId, Glob name,
                    Glob service, Glob operation, Set<LogLevel> levels, Map<String, Glob> tags) {

    public Match {
        levels = Set.copyOf(levels);
        tags = Map.copyOf(tags);
    }

    /** Whether a batch of this signal and origin can hold matching records. */
    public boolean matchesBatch(Signal s, String tenantName, String fleetName, String type, String device) {
        return (signal.isEmpty() || signal.get() == s) && tenant.matches(tenantName) && fleet.matches(fleetName)
                && deviceType.matches(type) && deviceId.matches(device);
    }

    public boolean matchesBatch(Signal s, Resource r) {
        return matchesBatch(s, r.tenant(), r.fleet(), r.deviceType(), r.deviceId());
    }

    /** Record-level conditions; {@code tagLookup} gives a record's tag (or field) value, else the resource's. */
    public boolean matchesRecord(String metricName, String spanService, String spanOperation, LogLevel level,
                                 java.util.function.Function<String, String> tagLookup) {
        if (name != Glob.ANY && !name.matches(metricName)) {
            return false;
        }
        if (service != Glob.ANY && !service.matches(spanService)) {
            return false;
        }
        if (operation != Glob.ANY && !operation.matches(spanOperation)) {
            return false;
        }
        if (!levels.isEmpty() && !levels.contains(level)) {
            return false;
        }
        for (Map.Entry<String, Glob> t : tags.entrySet()) {
            if (!t.getValue().matches(tagLookup.apply(t.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
