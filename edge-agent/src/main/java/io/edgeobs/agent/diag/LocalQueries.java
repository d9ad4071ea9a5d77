package io.edgeobs.agent.diag;

import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Span;
import io.edgeobs.model.Tags;
import io.edgeobs.model.TelemetryRecord;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Queries over the agent's own store, for a technician on the device: only segments whose index may match are
 * read, and only as far as the limit needs.
 */
@ApplicationScoped
public class LocalQueries {

    private final LocalStore store;

    public LocalQueries(LocalStore store) {
        this.store = store;
    }

    /** How much of the store a query read: proof that the index kept it small. */
    public record Scanned(int segmentsRead, int segmentsHeld, int entriesRead) {
    }

    /** A record found, and whether the gateway already confirmed it. */
    public record Found<T extends TelemetryRecord>(T record, boolean delivered) {
    }

    public record Result<T extends TelemetryRecord>(List<Found<T>> found, boolean truncated, Scanned scanned) {
    }

    /** Metric points by name (exact, or a glob with {@code *}), tags and time; oldest first. */
    public Result<MetricPoint> metrics(Predicate<String> name, Map<String, String> tags, long fromNanos, long toNanos,
                                       int limit) {
        Predicate<MetricPoint> match = p -> name.test(p.name()) && p.timeUnixNanos() >= fromNanos
                && p.timeUnixNanos() < toNanos && tagsMatch(p.tags(), tags);
        return run(Signal.METRICS, s -> s.overlaps(fromNanos, toNanos) && s.mayHoldName(name), match, limit,
                Comparator.comparingLong(MetricPoint::timeUnixNanos), true);
    }

    /** Logs at or above a level, containing a text (case-insensitive), in a time range; newest first. */
    public Result<LogRecord> logs(LogLevel minLevel, String contains, long fromNanos, long toNanos, int limit) {
        String needle = contains == null ? null : contains.toLowerCase(Locale.ROOT);
        Predicate<LogRecord> match = l -> l.level().compareTo(minLevel) >= 0 && l.timeUnixNanos() >= fromNanos
                && l.timeUnixNanos() < toNanos && (needle == null || l.message().toLowerCase(Locale.ROOT).contains(needle));
        return run(Signal.LOGS, s -> s.overlaps(fromNanos, toNanos) && s.mayHoldLevelAtLeast(minLevel.ordinal()), match,
                limit, Comparator.comparingLong(LogRecord::timeUnixNanos).reversed(), false);
    }

    /** Every buffered span of a trace, by start time. */
    public Result<Span> trace(Id traceId, int limit) {
        return run(Signal.SPANS, s -> s.mayHoldTrace(traceId), sp -> sp.traceId().equals(traceId), limit,
                Comparator.comparingLong(Span::startUnixNanos), true);
    }

    @SuppressWarnings("unchecked")
    private <T extends TelemetryRecord> Result<T> run(Signal signal, Predicate<SegmentIndex> segmentTest,
                                                      Predicate<T> match, int limit, Comparator<T> order,
                                                      boolean oldestFirst) {
        LocalIndex index = store.current(signal);
        long deliveredBelow = store.deliveredBelow(signal);
        List<LocalIndex.Candidate> candidates = new ArrayList<>(index.candidates(segmentTest));
        if (oldestFirst) {
            java.util.Collections.reverse(candidates);
        }
        List<Found<T>> found = new ArrayList<>();
        int segmentsRead = 0;
        int entries = 0;
        boolean truncated = false;
        for (LocalIndex.Candidate c : candidates) {
            if (found.size() >= limit) {
                truncated = true; // more segments may match
                break;
            }
            segmentsRead++;
            for (LocalIndex.Located located : index.read(c)) {
                entries++;
                for (TelemetryRecord r : located.batch().records()) {
                    if (match.test((T) r)) {
                        found.add(new Found<>((T) r, located.offset() < deliveredBelow));
                    }
                }
            }
        }
        found.sort((a, b) -> order.compare(a.record(), b.record()));
        if (found.size() > limit) {
            found = new ArrayList<>(found.subList(0, limit));
            truncated = true;
        }
        return new Result<>(found, truncated, new Scanned(segmentsRead, index.segmentCount(), entries));
    }

    private static boolean tagsMatch(Tags tags, Map<String, String> wanted) {
        for (Map.Entry<String, String> w : wanted.entrySet()) {
            if (!w.getValue().equals(tags.get(w.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
