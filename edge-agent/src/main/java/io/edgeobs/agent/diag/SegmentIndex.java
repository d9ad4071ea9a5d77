package io.edgeobs.agent.diag;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Span;
import io.edgeobs.model.TelemetryRecord;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * What one segment of a signal's buffer holds, in a few KiB: the time range of its records, the metric names (or
 * log levels), a Bloom filter of trace ids, and how many records each entry holds (for exact buffered-record
 * counts). Built by reading the segment once and then its new entries as they come. Not thread safe: the owning
 * {@link LocalIndex} synchronises.
 */
final class SegmentIndex {

    final long baseOffset;
    /** The next offset not indexed yet. */
    long indexedUpTo;
    long minTimeNanos = Long.MAX_VALUE;
    long maxTimeNanos = Long.MIN_VALUE;
    private final Set<String> names = new HashSet<>();
    private int levels;
    private final TraceBloom traces = new TraceBloom();
    private int[] recordsPerEntry = new int[64];

    SegmentIndex(long baseOffset) {
        this.baseOffset = baseOffset;
        this.indexedUpTo = baseOffset;
    }

    void add(long offset, Batch batch) {
        int i = (int) (offset - baseOffset);
        if (i >= recordsPerEntry.length) {
            recordsPerEntry = Arrays.copyOf(recordsPerEntry, Math.max(i + 1, recordsPerEntry.length * 2));
        }
        recordsPerEntry[i] = batch.size();
        for (TelemetryRecord r : batch.records()) {
            minTimeNanos = Math.min(minTimeNanos, r.timeUnixNanos());
            maxTimeNanos = Math.max(maxTimeNanos, r.timeUnixNanos());
            if (r instanceof MetricPoint p) {
                names.add(p.name());
            } else if (r instanceof Span s) {
                traces.add(s.traceId());
            } else if (r instanceof LogRecord l) {
                levels |= 1 << l.level().ordinal();
                if (!l.traceId().isEmpty()) {
                    traces.add(l.traceId());
                }
            }
        }
        indexedUpTo = Math.max(indexedUpTo, offset + 1);
    }

    /** Records in entries at or after {@code offset}. */
    long recordsFrom(long offset) {
        long n = 0;
        for (int i = (int) Math.max(0, offset - baseOffset); i < indexedUpTo - baseOffset; i++) {
            n += recordsPerEntry[i];
        }
        return n;
    }

    boolean overlaps(long fromNanos, long toNanos) {
        return maxTimeNanos >= fromNanos && minTimeNanos < toNanos;
    }

    boolean mayHoldName(java.util.function.Predicate<String> name) {
        return names.stream().anyMatch(name);
    }

    boolean mayHoldLevelAtLeast(int ordinal) {
        return (levels >>> ordinal) != 0;
    }

    boolean mayHoldTrace(Id traceId) {
        return traces.mayContain(traceId);
    }
}
