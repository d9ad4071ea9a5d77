package io.edgeobs.model.convert.otlp;

import com.google.protobuf.ByteString;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanEvent;
import io.edgeobs.model.SpanKind;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;
import io.edgeobs.model.validation.ValidationLimits;
import io.edgeobs.model.validation.Validator;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Spans recorded with the real OpenTelemetry SDK, marshalled by its OTLP exporter, converted to edgeobs spans. */
class OtlpTracesTest {

    private static final long MS = 1_000_000L;
    private static final long T0 = SdkPayloads.T0_MILLIS * MS;

    private final SdkPayloads.Traces payload = SdkPayloads.traces();

    @Test
    void shouldConvertSdkSpansWithIdsKindsDurationsAndStatus() {
        // When
        Conversion<Span> c = OtlpTraces.convert(OtlpRequests.traces(payload.protobuf(), OtlpEncoding.PROTOBUF));

        // Then
        assertThat(c.rejected()).isZero();
        assertThat(c.errorMessage()).isEmpty();
        assertThat(c.records()).extracting(Span::operation)
                .containsExactlyInAnyOrder("background sync", "GET /valve/{id}", "modbus read");
        SpanData sdkClient = payload.named("modbus read");
        SpanData sdkServer = payload.named("GET /valve/{id}");

        Span client = converted(c, "modbus read");
        assertThat(client.traceId().toHex()).isEqualTo(sdkClient.getTraceId());
        assertThat(client.spanId().toHex()).isEqualTo(sdkClient.getSpanId());
        assertThat(client.parentSpanId().toHex()).isEqualTo(sdkServer.getSpanId());
        assertThat(client.traceId()).isEqualTo(converted(c, "GET /valve/{id}").traceId());
        assertThat(client.service()).isEqualTo("pump-ctl");
        assertThat(client.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(client.startUnixNanos()).isEqualTo(T0 + 10 * MS);
        assertThat(client.durationNanos()).isEqualTo(35 * MS);
        assertThat(client.status()).isEqualTo(SpanStatus.error("device timeout"));

        Span server = converted(c, "GET /valve/{id}");
        assertThat(server.isRoot()).isTrue();
        assertThat(server.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(server.status()).isEqualTo(SpanStatus.OK);
        assertThat(server.startUnixNanos()).isEqualTo(T0);
        assertThat(server.durationNanos()).isEqualTo(50 * MS);
        assertThat(server.durationMillis()).isEqualTo(50);

        Span background = converted(c, "background sync");
        assertThat(background.kind()).isEqualTo(SpanKind.INTERNAL);
        assertThat(background.status()).isEqualTo(SpanStatus.UNSET);
        assertThat(background.isRoot()).isTrue();
        assertThat(background.durationNanos()).isEqualTo(
                payload.named("background sync").getEndEpochNanos() - payload.named("background sync").getStartEpochNanos());
    }

    @Test
    void shouldRenderAttributesAsTagsWithSpanAttributesWinningOverResourceAttributes() {
        // When
        Conversion<Span> c = OtlpTraces.convert(OtlpRequests.traces(payload.protobuf(), OtlpEncoding.PROTOBUF));

        // Then
        Span server = converted(c, "GET /valve/{id}");
        assertThat(server.tags()).isEqualTo(Tags.of(
                "http.request.method", "GET",
                "http.response.status_code", "504",
                "valves", "[\"a\",\"b\"]",
                "ports", "[502,503]",
                "retry", "true",
                "load", "0.75",
                "ratio", "1",
                "site.zone", "south",                 // the span's own attribute beats the resource's "north"
                "host.name", "dev-1",
                "otel.scope.name", "io.edgeobs.test",
                "otel.scope.version", "1.2.3"));
        Span client = converted(c, "modbus read");
        assertThat(client.tags()).containsEntry("site.zone", "north").doesNotContainKey("service.name");
    }

    @Test
    void shouldKeepEventsWithTheirAttributesAndLinks() {
        // When
        Conversion<Span> c = OtlpTraces.convert(OtlpRequests.traces(payload.protobuf(), OtlpEncoding.PROTOBUF));

        // Then
        Span client = converted(c, "modbus read");
        assertThat(client.events()).hasSize(2);
        assertThat(client.events().get(0)).isEqualTo(new SpanEvent(T0 + 20 * MS, "retry", Tags.of("attempt", "2")));
        SpanEvent exception = client.events().get(1);
        assertThat(exception.name()).isEqualTo("exception");
        assertThat(exception.timeUnixNanos()).isEqualTo(payload.named("modbus read").getEvents().get(1).getEpochNanos());
        assertThat(exception.tags()).containsEntry("exception.type", "java.lang.IllegalStateException")
                .containsEntry("exception.message", "register 40001 unreadable").containsEntry("device", "plc-7")
                .hasEntrySatisfying("exception.stacktrace", st -> assertThat(st).contains("OtlpTracesTest"));

        Span server = converted(c, "GET /valve/{id}");
        SpanData sdkOther = payload.named("background sync");
        assertThat(server.links()).singleElement().satisfies(l -> {
            assertThat(l.traceId().toHex()).isEqualTo(sdkOther.getTraceId());
            assertThat(l.spanId().toHex()).isEqualTo(sdkOther.getSpanId());
            assertThat(l.tags()).isEqualTo(Tags.of("reason", "batch"));
        });
    }

    @Test
    void shouldProduceSpansTheValidatorAccepts() {
        // When
        Conversion<Span> c = OtlpTraces.convert(OtlpRequests.traces(payload.protobuf(), OtlpEncoding.PROTOBUF));

        // Then: with tag values allowed as long as log messages, because the SDK's exception event carries the
        // whole stack trace (about 9 KB here), over the default limit of 4096 bytes per tag value
        ValidationLimits d = ValidationLimits.DEFAULTS;
        Validator validator = new Validator(new ValidationLimits(d.maxTags(), d.maxTagKeyBytes(),
                d.maxLogMessageBytes(), d.maxLogMessageBytes(), d.minTimestamp(), d.maxFutureSkew()), Clock.systemUTC());
        assertThat(c.records()).allSatisfy(s -> assertThat(validator.validate(s)).isEmpty());
    }

    @Test
    void shouldRejectAndCountSpansThatEndBeforeTheyStartOrNeverEnd() {
        // Given: the SDK's request with one span's end moved before its start and another's end removed
        ExportTraceServiceRequest sdk = OtlpRequests.traces(payload.protobuf(), OtlpEncoding.PROTOBUF);
        ExportTraceServiceRequest.Builder broken = sdk.toBuilder();
        var spans = broken.getResourceSpansBuilder(0).getScopeSpansBuilder(0);
        spans.getSpansBuilder(0).setEndTimeUnixNano(spans.getSpans(0).getStartTimeUnixNano() - 1);
        spans.getSpansBuilder(1).setEndTimeUnixNano(0);

        // When
        Conversion<Span> c = OtlpTraces.convert(broken.build());

        // Then
        assertThat(c.records()).hasSize(1);
        assertThat(c.rejected()).isEqualTo(2);
        assertThat(c.rejectedByReason()).containsOnly(
                org.assertj.core.api.Assertions.entry("spans that end before they start", 1L),
                org.assertj.core.api.Assertions.entry("spans without an end time", 1L));
        assertThat(c.errorMessage()).isEqualTo("1 spans that end before they start; 1 spans without an end time");
    }

    @Test
    void shouldFallBackToUnknownServiceAndTreatAnAllZeroParentAsRoot() {
        // Given: the SDK's request without a resource, and the child's parent id zeroed as some exporters send it
        ExportTraceServiceRequest sdk = OtlpRequests.traces(payload.protobuf(), OtlpEncoding.PROTOBUF);
        ResourceSpans.Builder rs = sdk.getResourceSpans(0).toBuilder().clearResource();
        for (var span : rs.getScopeSpansBuilder(0).getSpansBuilderList()) {
            if (!span.getParentSpanId().isEmpty()) {
                span.setParentSpanId(ByteString.copyFrom(new byte[8]));
            }
        }

        // When
        Conversion<Span> c = OtlpTraces.convert(ExportTraceServiceRequest.newBuilder().addResourceSpans(rs).build());

        // Then
        assertThat(c.records()).allSatisfy(s -> {
            assertThat(s.service()).isEqualTo("unknown_service");
            assertThat(s.isRoot()).isTrue();
            assertThat(s.tags()).doesNotContainKeys("host.name", "service.name");
        });
    }

    static Span converted(Conversion<Span> c, String operation) {
        List<Span> named = c.records().stream().filter(s -> s.operation().equals(operation)).toList();
        assertThat(named).as(operation).hasSize(1);
        return named.get(0);
    }
}
