package io.edgeobs.agent.receive;

import io.edgeobs.agent.testing.ExportFile;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real OpenTelemetry SDK sends traces, metrics and logs with its own OTLP/HTTP exporters to the agent; what
 * comes out of the agent's export side is the same telemetry in the unified model.
 */
@QuarkusTest
class OtlpSdkRoundTripTest {

    private static final Resource RESOURCE = Resource.getDefault().toBuilder().put("service.name", "pump-ctl")
            .put("host.name", "rpi-7").build();

    @Inject
    OtlpReceiver receiver;

    private final String run = UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private String endpoint(String signal) {
        return "http://127.0.0.1:" + receiver.port() + "/v1/" + signal;
    }

    @Test
    void shouldDeliverSdkSpansWithParentsKindsStatusAttributesAndEvents() {
        // Given a server span with a child client span that failed, recorded by the SDK
        InMemorySpanExporter memory = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder().setResource(RESOURCE)
                .addSpanProcessor(SimpleSpanProcessor.create(memory)).build()) {
            var tracer = provider.get("pump");
            var parent = tracer.spanBuilder("cycle " + run).setSpanKind(io.opentelemetry.api.trace.SpanKind.SERVER)
                    .setAttribute("pump", "p1").startSpan();
            try (Scope ignored = parent.makeCurrent()) {
                var child = tracer.spanBuilder("open valve " + run).setSpanKind(io.opentelemetry.api.trace.SpanKind.CLIENT)
                        .setAttribute("valve", 3L).startSpan();
                child.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L));
                child.setStatus(StatusCode.ERROR, "valve stuck");
                child.end();
            }
            parent.end();

            // When
            send(OtlpHttpSpanExporter.builder().setEndpoint(endpoint("traces")).setCompression("gzip").build()
                    .export(memory.getFinishedSpanItems()));
        }

        // Then
        await().atMost(Duration.ofSeconds(15)).until(() -> spans().size() == 2);
        Span cycle = spans().stream().filter(s -> s.operation().startsWith("cycle")).findFirst().orElseThrow();
        Span valve = spans().stream().filter(s -> s.operation().startsWith("open valve")).findFirst().orElseThrow();
        assertThat(valve.traceId()).isEqualTo(cycle.traceId());
        assertThat(valve.parentSpanId()).isEqualTo(cycle.spanId());
        assertThat(cycle.isRoot()).isTrue();
        assertThat(cycle.service()).isEqualTo("pump-ctl");
        assertThat(cycle.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(valve.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(valve.status().isError()).isTrue();
        assertThat(valve.status().message()).isEqualTo("valve stuck");
        assertThat(valve.tags()).containsEntry("valve", "3").containsEntry("host.name", "rpi-7");
        assertThat(valve.events()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("retry");
            assertThat(e.tags()).containsEntry("attempt", "2");
        });
        assertThat(valve.startUnixNanos()).isGreaterThanOrEqualTo(cycle.startUnixNanos());
        assertThat(cycle.durationNanos()).isGreaterThanOrEqualTo(valve.durationNanos());
    }

    @Test
    void shouldDeliverSdkCountersGaugesAndHistogramsAsPrometheusStyleSamples() {
        // Given a counter, a gauge and a histogram recorded by the SDK
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader)
                .build()) {
            Meter meter = provider.get("pump");
            meter.counterBuilder("starts_" + run).build().add(3, Attributes.of(AttributeKey.stringKey("pump"), "p1"));
            meter.gaugeBuilder("tank_level_" + run).buildWithCallback(g -> g.record(0.75));
            var latency = meter.histogramBuilder("valve_seconds_" + run).setExplicitBucketBoundariesAdvice(List.of(0.1, 1.0))
                    .build();
            latency.record(0.05);
            latency.record(0.5);
            latency.record(2.0);

            // When
            send(OtlpHttpMetricExporter.builder().setEndpoint(endpoint("metrics")).build()
                    .export(reader.collectAllMetrics()));
        }

        // Then
        await().atMost(Duration.ofSeconds(15)).until(() -> metrics().size() >= 7);
        assertThat(metric("starts_" + run)).satisfies(p -> {
            assertThat(p.value()).isEqualTo(3.0);
            assertThat(p.kind()).isEqualTo(MetricKind.COUNTER);
            assertThat(p.tags()).containsEntry("pump", "p1").containsEntry("service", "pump-ctl");
        });
        assertThat(metric("tank_level_" + run).value()).isEqualTo(0.75);
        assertThat(metric("tank_level_" + run).kind()).isEqualTo(MetricKind.GAUGE);
        List<MetricPoint> buckets = metrics().stream().filter(p -> p.name().equals("valve_seconds_" + run + "_bucket"))
                .toList();
        assertThat(buckets).extracting(p -> p.tags().get("le") + "=" + p.value())
                .containsExactlyInAnyOrder("0.1=1.0", "1=2.0", "+Inf=3.0");
        assertThat(metric("valve_seconds_" + run + "_sum").value()).isEqualTo(2.55, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(metric("valve_seconds_" + run + "_count").value()).isEqualTo(3.0);
    }

    @Test
    void shouldDeliverSdkLogsWithLevelMessageAttributesAndTraceContext() {
        // Given two log records, one with structured attributes
        InMemoryLogRecordExporter memory = InMemoryLogRecordExporter.create();
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(RESOURCE)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(memory)).build()) {
            var logger = provider.get("pump");
            logger.logRecordBuilder().setSeverity(Severity.WARN).setBody("valve slow " + run)
                    .setAttribute(AttributeKey.longKey("valve"), 3L).setAttribute(AttributeKey.stringKey("site"), "north")
                    .emit();
            logger.logRecordBuilder().setSeverity(Severity.ERROR).setBody("valve stuck " + run).emit();

            // When
            send(OtlpHttpLogRecordExporter.builder().setEndpoint(endpoint("logs")).setCompression("gzip").build()
                    .export(memory.getFinishedLogRecordItems()));
        }

        // Then
        await().atMost(Duration.ofSeconds(15)).until(() -> logs().size() == 2);
        LogRecord slow = logs().stream().filter(l -> l.message().startsWith("valve slow")).findFirst().orElseThrow();
        assertThat(slow.level()).isEqualTo(LogLevel.WARN);
        assertThat(slow.fields()).containsEntry("valve", 3L).containsEntry("site", "north");
        assertThat(logs()).extracting(LogRecord::level).containsExactlyInAnyOrder(LogLevel.WARN, LogLevel.ERROR);
    }

    private static void send(CompletableResultCode result) {
        assertThat(result.join(10, TimeUnit.SECONDS).isSuccess()).as("the agent answered the SDK with success").isTrue();
    }

    private List<Span> spans() {
        return ExportFile.batchesContaining(run).stream().flatMap(b -> b.spans().stream())
                .filter(s -> s.operation().endsWith(run)).toList();
    }

    private List<MetricPoint> metrics() {
        return ExportFile.batchesContaining(run).stream().flatMap(b -> b.metrics().stream())
                .filter(p -> p.name().contains(run)).toList();
    }

    private MetricPoint metric(String name) {
        List<MetricPoint> found = metrics().stream().filter(p -> p.name().equals(name)).toList();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private List<LogRecord> logs() {
        return ExportFile.batchesContaining(run).stream().flatMap(b -> b.logs().stream())
                .filter(l -> l.message().endsWith(run)).toList();
    }
}
