package io.edgeobs.model.convert.otlp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.validation.Validator;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Log records emitted with the real OpenTelemetry SDK, marshalled by its OTLP exporter, converted to edgeobs logs. */
class OtlpLogsTest {

    private static final long RECEIVED = OtlpMetricsTest.RECEIVED;
    private static final Map<String, Object> RESOURCE =
            Map.of("service.name", "pump-ctl", "host.name", "dev-1", "site.zone", "north");

    private final SdkPayloads.Logs payload = SdkPayloads.logs();

    @Test
    void shouldConvertSeverityBodyTypedAttributesAndTraceContext() {
        // When
        Conversion<LogRecord> c = convert(payload.protobuf());

        // Then
        assertThat(c.rejected()).isZero();
        assertThat(c.records()).hasSize(3);
        LogRecord warn = c.records().get(0);
        assertThat(warn.level()).isEqualTo(LogLevel.WARN);
        assertThat(warn.message()).isEqualTo("valve 3 slow to close");
        assertThat(warn.timestampUnixNanos()).isEqualTo(SdkPayloads.T0_MILLIS * 1_000_000L);
        assertThat(warn.traceId().toHex()).isEqualTo(payload.span().getSpanContext().getTraceId());
        assertThat(warn.spanId().toHex()).isEqualTo(payload.span().getSpanContext().getSpanId());
        assertThat(warn.fields()).isEqualTo(Map.of(
                "valve", 3L,
                "pressure", 1.5,
                "manual", false,
                "tags", List.of("hydraulic", "slow"),
                "resource", RESOURCE,
                "otel.scope.name", "io.edgeobs.test.valves",
                "otel.scope.version", "0.9"));
    }

    @Test
    void shouldTakeTheObservedTimeWhenARecordHasNoTimeAndHaveNoTraceWithoutContext() {
        // When
        LogRecord error = convert(payload.protobuf()).records().get(1);

        // Then
        assertThat(error.level()).isEqualTo(LogLevel.ERROR);
        assertThat(error.message()).isEqualTo("no timestamp");
        assertThat(error.timestampUnixNanos()).isEqualTo(payload.logs().get(1).getObservedTimestampEpochNanos());
        assertThat(error.traceId()).isEqualTo(Id.EMPTY);
        assertThat(error.spanId()).isEqualTo(Id.EMPTY);
    }

    @Test
    void shouldRenderAMapBodyAsJsonAndKeepItAsAFieldNextToTheAttributes() throws Exception {
        // When
        LogRecord event = convert(payload.protobuf()).records().get(2);

        // Then
        assertThat(event.level()).as("parsed from the severity text 'warning'").isEqualTo(LogLevel.WARN);
        assertThat(new ObjectMapper().readValue(event.message(), Map.class)).isEqualTo(Map.of("valve", 7, "state", "stuck"));
        assertThat(event.fields()).containsEntry("body", Map.of("valve", 7L, "state", "stuck"))
                .containsEntry("state", "closing").containsEntry("event.name", "valve.state");
    }

    @Test
    void shouldTakeTheReceiveTimeWhenARecordHasNeitherTimeNorObservedTime() {
        // Given
        ExportLogsServiceRequest.Builder b = OtlpRequests.logs(payload.protobuf(), OtlpEncoding.PROTOBUF).toBuilder();
        b.getResourceLogsBuilder(0).getScopeLogsBuilder(0).getLogRecordsBuilder(1).setObservedTimeUnixNano(0);

        // When
        LogRecord error = OtlpLogs.convert(b.build(), RECEIVED).records().get(1);

        // Then
        assertThat(error.timestampUnixNanos()).isEqualTo(RECEIVED);
    }

    @Test
    void shouldProduceRecordsTheValidatorAccepts() {
        // When
        Conversion<LogRecord> c = convert(payload.protobuf());

        // Then
        Validator validator = Validator.withDefaults();
        assertThat(c.records()).allSatisfy(r -> assertThat(validator.validate(r)).isEmpty());
    }

    private static Conversion<LogRecord> convert(byte[] protobuf) {
        return OtlpLogs.convert(OtlpRequests.logs(protobuf, OtlpEncoding.PROTOBUF), RECEIVED);
    }
}
