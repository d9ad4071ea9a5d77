package io.edgeobs.model.validation;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Fields;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanEvent;
import io.edgeobs.model.Tags;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final long T = NOW.getEpochSecond() * 1_000_000_000L;
    private static final Resource DEVICE = Resource.device("dev-1", "rpi4", "0.1.0");

    private final Validator validator = new Validator(ValidationLimits.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldAcceptAValidRecordOfEachSignal() {
        assertThat(validator.validate(MetricPoint.gauge("temp", 20, T, Tags.of("room", "a")))).isEmpty();
        assertThat(validator.validate(span().build())).isEmpty();
        assertThat(validator.validate(LogRecord.of(T, LogLevel.INFO, "ok"))).isEmpty();
    }

    @Test
    void shouldNameEmptyNames() {
        assertThat(validator.validate(MetricPoint.gauge("", 1, T, Tags.EMPTY)))
                .containsExactly(new Violation("record.name", "must not be empty"));
        assertThat(validator.validate(span().service("").operation("").build())).extracting(Violation::path)
                .containsExactly("record.service", "record.operation");
        assertThat(validator.validate(span().event(new SpanEvent(T, "", Tags.EMPTY)).build()))
                .containsExactly(new Violation("record.events[0].name", "must not be empty"));
    }

    @Test
    void shouldNameIdsOfTheWrongLength() {
        // Given
        Span bad = span().traceId(Id.fromHex("0102")).spanId(Id.fromHex("00000000000000000000")).build();

        // When
        List<Violation> violations = validator.validate(bad);

        // Then
        assertThat(violations).containsExactly(
                new Violation("record.trace_id", "must be 16 bytes, was 2 (0102)"),
                new Violation("record.span_id", "must be 8 bytes, was 10 (00000000000000000000)"));
        assertThat(validator.validate(span().spanId(Id.spanId(0)).build()))
                .containsExactly(new Violation("record.span_id", "must not be all zero"));
        assertThat(validator.validate(new LogRecord(T, LogLevel.INFO, "x", null, Id.fromHex("01"), Id.EMPTY)))
                .containsExactly(new Violation("record.trace_id", "must be 16 bytes, was 1 (01)"));
    }

    @Test
    void shouldRefuseTimestampsBefore2000OrADayAhead() {
        // Given: seconds instead of nanoseconds, and 25 hours ahead
        long seconds = NOW.getEpochSecond();
        long tooLate = T + Duration.ofHours(25).toNanos();

        // Then
        assertThat(validator.validate(MetricPoint.gauge("temp", 1, seconds, Tags.EMPTY)))
                .singleElement().satisfies(v -> {
                    assertThat(v.path()).isEqualTo("record.timestamp");
                    assertThat(v.message()).contains("before the earliest accepted time 2000-01-01T00:00:00Z");
                });
        assertThat(validator.validate(LogRecord.of(tooLate, LogLevel.INFO, "x"))).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("more than PT24H in the future"));
        assertThat(validator.validate(LogRecord.of(T + Duration.ofHours(23).toNanos(), LogLevel.INFO, "x"))).isEmpty();
    }

    @Test
    void shouldLimitTagCountAndSizes() {
        // Given
        Tags.Builder many = Tags.builder();
        for (int i = 0; i < 129; i++) {
            many.put("k" + i, "v");
        }
        Tags big = Tags.of("k".repeat(257), "v", "ok", "é".repeat(2049)); // 2049 x 2 bytes = 4098 bytes

        // Then
        assertThat(validator.validate(MetricPoint.gauge("m", 1, T, many.build())))
                .containsExactly(new Violation("record.tags", "has 129 tags, over the limit of 128"));
        assertThat(validator.validate(MetricPoint.gauge("m", 1, T, big))).extracting(Violation::message)
                .containsExactly("key is 257 bytes, over the limit of 256", "value is 4098 bytes, over the limit of 4096");
        assertThat(validator.validate(MetricPoint.gauge("m", 1, T, Tags.of("", "v"))))
                .containsExactly(new Violation("record.tags", "has an empty key"));
    }

    @Test
    void shouldLetSpanEventsCarryStackTracesUpToTheLogMessageLimit() {
        // Given an exception event as the OpenTelemetry SDK records it, with a 9 KiB stack trace
        Span withTrace = span().event(new SpanEvent(T, "exception", Tags.of("exception.stacktrace", "at x\n".repeat(1800))))
                .build();
        Span tooBig = span().event(new SpanEvent(T, "exception", Tags.of("exception.stacktrace", "x".repeat(65_537))))
                .build();

        // Then
        assertThat(validator.validate(withTrace)).isEmpty();
        assertThat(validator.validate(tooBig)).containsExactly(new Violation(
                "record.events[0].tags[\"exception.stacktrace\"]", "value is 65537 bytes, over the limit of 65536"));
        assertThat(validator.validate(span().tag("k", "x".repeat(4097)).build())).hasSize(1);
    }

    @Test
    void shouldLimitLogMessagesTo64KiB() {
        assertThat(validator.validate(LogRecord.of(T, LogLevel.INFO, "x".repeat(65_536)))).isEmpty();
        assertThat(validator.validate(LogRecord.of(T, LogLevel.INFO, "x".repeat(65_537))))
                .containsExactly(new Violation("record.message", "is 65537 bytes, over the limit of 65536"));
    }

    @Test
    void shouldRefuseNaNWhereItIsNotAllowed() {
        assertThat(validator.validate(MetricPoint.gauge("g", Double.NaN, T, Tags.EMPTY))).isEmpty();
        assertThat(validator.validate(MetricPoint.counter("c_total", Double.NaN, T, Tags.EMPTY)))
                .containsExactly(new Violation("record.value", "NaN is not allowed for a COUNTER point ('c_total')"));
        assertThat(validator.validate(MetricPoint.counter("c_total", -1, T, Tags.EMPTY))).singleElement()
                .satisfies(v -> assertThat(v.message()).contains("must be finite and not negative"));
        MetricPoint bucketWithoutLe = MetricPoint.builder("h_bucket").value(1).timestampUnixNanos(T)
                .kind(MetricKind.HISTOGRAM_BUCKET).build();
        assertThat(validator.validate(bucketWithoutLe))
                .containsExactly(new Violation("record.tags", "a HISTOGRAM_BUCKET point needs tag 'le'"));
    }

    @Test
    void shouldKeepValidRecordsOfABatchAndReportTheOthers() {
        // Given
        Batch batch = Batch.ofLogs(DEVICE, 1, List.of(
                LogRecord.of(T, LogLevel.INFO, "good"),
                LogRecord.of(5, LogLevel.INFO, "ancient"),
                new LogRecord(T, LogLevel.INFO, "fields", Fields.of("k".repeat(300), 1), Id.EMPTY, Id.EMPTY)));

        // When
        BatchValidation result = validator.validate(batch);

        // Then
        assertThat(result.rejectedRecords()).isEqualTo(2);
        assertThat(result.accepted().logs()).extracting(LogRecord::message).containsExactly("good");
        assertThat(result.violations()).extracting(Violation::path)
                .containsExactly("records[1].timestamp", "records[2].fields[\"" + "k".repeat(40) + "...\"]");
    }

    @Test
    void shouldRejectAWholeBatchWithoutDeviceId() {
        BatchValidation result = validator.validate(Batch.ofLogs(Resource.EMPTY, 1, List.of(LogRecord.of(T, LogLevel.INFO, "x"))));
        assertThat(result.isRejectedWhole()).isTrue();
        assertThat(result.rejectedRecords()).isEqualTo(1);
        assertThat(result.violations()).containsExactly(new Violation("resource.device_id", "must not be empty"));
    }

    @Test
    void shouldTakeLimitsFromConfiguration() {
        // Given
        Validator strict = new Validator(new ValidationLimits(2, 8, 8, 16, Instant.parse("2020-01-01T00:00:00Z"),
                Duration.ZERO), Clock.fixed(NOW, ZoneOffset.UTC));

        // Then
        assertThat(strict.validate(MetricPoint.gauge("m", 1, T, Tags.of("a", "1", "b", "2", "c", "3"))))
                .containsExactly(new Violation("record.tags", "has 3 tags, over the limit of 2"));
        assertThat(strict.validate(LogRecord.of(T + 1, LogLevel.INFO, "x"))).hasSize(1);
        assertThatThrownBy(() -> new ValidationLimits(0, 1, 1, 1, Instant.EPOCH, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxTags must be positive, was 0");
    }

    private static Span.Builder span() {
        return Span.builder().traceId(Id.traceId(1, 2)).spanId(Id.spanId(3)).service("svc").operation("op")
                .startUnixNanos(T).durationNanos(10);
    }
}
