package io.edgeobs.model.validation;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanEvent;
import io.edgeobs.model.SpanLink;
import io.edgeobs.model.TelemetryRecord;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks records against {@link ValidationLimits} and says exactly what is wrong, with a path to the offending
 * part. Invalid records are reported, never silently fixed.
 */
public final class Validator {

    private final ValidationLimits limits;
    private final Clock clock;
    private final long minNanos;
    private final TagChecker tagChecker;

    public Validator(ValidationLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.minNanos = limits.minTimestampUnixNanos();
        this.tagChecker = new TagChecker(limits);
    }

    public static Validator withDefaults() {
        return new Validator(ValidationLimits.DEFAULTS, Clock.systemUTC());
    }

    public ValidationLimits limits() {
        return limits;
    }

    /** Validates the resource and every record; invalid records are left out of {@link BatchValidation#accepted()}. */
    public BatchValidation validate(Batch batch) {
        List<Violation> violations = new ArrayList<>();
        validateResource(batch.resource(), violations);
        if (!violations.isEmpty()) {
            return new BatchValidation(null, batch.size(), violations);
        }
        long maxNanos = maxNanos();
        List<TelemetryRecord> accepted = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            TelemetryRecord r = batch.records().get(i);
            int before = violations.size();
            validateRecord(r, "records[" + i + "]", maxNanos, violations);
            if (violations.size() == before) {
                accepted.add(r);
            }
        }
        Batch result = accepted.size() == batch.size() ? batch : batch.withRecords(accepted);
        return new BatchValidation(result, batch.size() - accepted.size(), violations);
    }

    /** Violations of one record; empty when it is valid. */
    public List<Violation> validate(TelemetryRecord record) {
        List<Violation> violations = new ArrayList<>();
        validateRecord(record, "record", maxNanos(), violations);
        return violations;
    }

    public void validateResource(Resource r, List<Violation> out) {
        if (r.deviceId().isEmpty()) {
            out.add(new Violation("resource.device_id", "must not be empty"));
        }
        tagChecker.check(r.tags(), "resource", ".tags", out);
    }

    private void validateRecord(TelemetryRecord record, String path, long maxNanos, List<Violation> out) {
        if (record instanceof MetricPoint p) {
            validateMetric(p, path, maxNanos, out);
        } else if (record instanceof Span s) {
            validateSpan(s, path, maxNanos, out);
        } else {
            validateLog((LogRecord) record, path, maxNanos, out);
        }
    }

    private void validateMetric(MetricPoint p, String path, long maxNanos, List<Violation> out) {
        if (p.name().isEmpty()) {
            out.add(new Violation(path + ".name", "must not be empty"));
        }
        checkTime(p.timestampUnixNanos(), path, ".timestamp", maxNanos, out);
        tagChecker.check(p.tags(), path, ".tags", out);
        double v = p.value();
        if (Double.isNaN(v) && !p.kind().allowsNaN()) {
            out.add(new Violation(path + ".value", "NaN is not allowed for a " + p.kind() + " point ('" + p.name() + "')"));
        } else if (p.kind().isCount() && (v < 0 || Double.isInfinite(v))) {
            out.add(new Violation(path + ".value", "a " + p.kind() + " point must be finite and not negative, was " + v));
        }
        switch (p.kind()) {
            case HISTOGRAM_BUCKET -> requireNumericTag(p, "le", path, out);
            case SUMMARY_QUANTILE -> requireNumericTag(p, "quantile", path, out);
            default -> { }
        }
        checkId(p.exemplarTraceId(), Id.TRACE_ID_LENGTH, true, path, ".exemplar_trace_id", out);
    }

    private void requireNumericTag(MetricPoint p, String tag, String path, List<Violation> out) {
        String bound = p.tags().get(tag);
        if (bound == null) {
            out.add(new Violation(path + ".tags", "a " + p.kind() + " point needs tag '" + tag + "'"));
            return;
        }
        try {
            double parsed = Double.parseDouble(bound.replace("Inf", "Infinity"));
            if (Double.isNaN(parsed)) {
                out.add(new Violation(path + ".tags[\"" + tag + "\"]", "must be a number, was NaN"));
            }
        } catch (NumberFormatException e) {
            out.add(new Violation(path + ".tags[\"" + tag + "\"]", "must be a number, was '" + bound + "'"));
        }
    }

    private void validateSpan(Span s, String path, long maxNanos, List<Violation> out) {
        checkId(s.traceId(), Id.TRACE_ID_LENGTH, false, path, ".trace_id", out);
        checkId(s.spanId(), Id.SPAN_ID_LENGTH, false, path, ".span_id", out);
        checkId(s.parentSpanId(), Id.SPAN_ID_LENGTH, true, path, ".parent_span_id", out);
        if (s.service().isEmpty()) {
            out.add(new Violation(path + ".service", "must not be empty"));
        }
        if (s.operation().isEmpty()) {
            out.add(new Violation(path + ".operation", "must not be empty"));
        }
        checkTime(s.startUnixNanos(), path, ".start", maxNanos, out);
        if (s.durationNanos() < 0) {
            out.add(new Violation(path + ".duration", "must not be negative, was " + s.durationNanos() + " ns"));
        }
        tagChecker.check(s.tags(), path, ".tags", out);
        for (int i = 0; i < s.events().size(); i++) {
            SpanEvent e = s.events().get(i);
            String ep = path + ".events[" + i + "]";
            if (e.name().isEmpty()) {
                out.add(new Violation(ep + ".name", "must not be empty"));
            }
            checkTime(e.timeUnixNanos(), ep, ".time", maxNanos, out);
            tagChecker.checkEventTags(e.tags(), ep, ".tags", out);
        }
        for (int i = 0; i < s.links().size(); i++) {
            SpanLink l = s.links().get(i);
            String lp = path + ".links[" + i + "]";
            checkId(l.traceId(), Id.TRACE_ID_LENGTH, false, lp, ".trace_id", out);
            checkId(l.spanId(), Id.SPAN_ID_LENGTH, false, lp, ".span_id", out);
            tagChecker.check(l.tags(), lp, ".tags", out);
        }
    }

    private void validateLog(LogRecord l, String path, long maxNanos, List<Violation> out) {
        checkTime(l.timestampUnixNanos(), path, ".timestamp", maxNanos, out);
        int messageBytes = Utf8.length(l.message());
        if (messageBytes > limits.maxLogMessageBytes()) {
            out.add(new Violation(path + ".message", "is " + messageBytes + " bytes, over the limit of "
                    + limits.maxLogMessageBytes()));
        }
        checkId(l.traceId(), Id.TRACE_ID_LENGTH, true, path, ".trace_id", out);
        checkId(l.spanId(), Id.SPAN_ID_LENGTH, true, path, ".span_id", out);
        tagChecker.checkFields(l.fields(), path, ".fields", out);
    }

    /** Violations are reported at {@code path + field}; the two are joined only when there is one. */
    private void checkTime(long nanos, String path, String field, long maxNanos, List<Violation> out) {
        if (nanos < minNanos) {
            out.add(new Violation(path + field, "is " + describe(nanos) + ", before the earliest accepted time "
                    + limits.minTimestamp() + " (is it in seconds or milliseconds instead of nanoseconds?)"));
        } else if (nanos > maxNanos) {
            out.add(new Violation(path + field, "is " + describe(nanos) + ", more than " + limits.maxFutureSkew()
                    + " in the future (check the device clock)"));
        }
    }

    private static String describe(long nanos) {
        return nanos + " ns (" + Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
                Math.floorMod(nanos, 1_000_000_000L)) + ")";
    }

    private static void checkId(Id id, int length, boolean optional, String path, String field, List<Violation> out) {
        if (id.isEmpty()) {
            if (!optional) {
                out.add(new Violation(path + field, "must be " + length + " bytes, was empty"));
            }
        } else if (id.length() != length) {
            out.add(new Violation(path + field, "must be " + length + " bytes, was " + id.length() + " (" + id.toHex() + ")"));
        } else if (id.isAllZero()) {
            out.add(new Violation(path + field, "must not be all zero"));
        }
    }

    private long maxNanos() {
        Instant max = clock.instant().plus(limits.maxFutureSkew());
        return max.getEpochSecond() * 1_000_000_000L + max.getNano();
    }
}
