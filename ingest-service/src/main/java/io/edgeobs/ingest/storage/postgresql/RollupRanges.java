package io.edgeobs.ingest.storage.postgresql;

import io.edgeobs.ingest.storage.StorageDialect.DeviceRange;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the queued time ranges of new points into the bucket ranges to recompute: each widened to whole buckets
 * ({@code [floor(min), floor(max) + bucket)}, unix microseconds), and merged per device where they touch or
 * overlap, so a device that wrote every few seconds costs one range, not hundreds.
 */
final class RollupRanges {

    /** One device's range of whole buckets, unix microseconds, end exclusive. */
    record Range(String tenant, String deviceId, long fromMicros, long toMicros) {
    }

    private RollupRanges() {
    }

    static List<Range> buckets(List<DeviceRange> queued, long bucketMicros) {
        Map<String, List<Range>> perDevice = new LinkedHashMap<>();
        for (DeviceRange r : queued) {
            long from = Math.floorDiv(Math.floorDiv(r.minUnixNanos(), 1000L), bucketMicros) * bucketMicros;
            long to = Math.floorDiv(Math.floorDiv(r.maxUnixNanos(), 1000L), bucketMicros) * bucketMicros + bucketMicros;
            perDevice.computeIfAbsent(r.tenant() + "\u0000" + r.deviceId(), k -> new ArrayList<>())
                    .add(new Range(r.tenant(), r.deviceId(), from, to));
        }
        List<Range> merged = new ArrayList<>();
        for (List<Range> ranges : perDevice.values()) {
            ranges.sort(Comparator.comparingLong(Range::fromMicros));
            Range current = ranges.get(0);
            for (int i = 1; i < ranges.size(); i++) {
                Range next = ranges.get(i);
                if (next.fromMicros() <= current.toMicros()) {
                    current = new Range(current.tenant(), current.deviceId(), current.fromMicros(),
                            Math.max(current.toMicros(), next.toMicros()));
                } else {
                    merged.add(current);
                    current = next;
                }
            }
            merged.add(current);
        }
        return merged;
    }
}
