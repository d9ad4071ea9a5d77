package io.edgeobs.model.convert.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real OTLP payloads: telemetry recorded with the OpenTelemetry Java SDK and marshalled by its OTLP exporter code
 * into the exact protobuf and JSON bytes an SDK sends over OTLP/HTTP.
 */
final class SdkPayloads {

    static final Resource RESOURCE = Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "pump-ctl",
            AttributeKey.stringKey("host.name"), "dev-1",
            AttributeKey.stringKey("site.zone"), "north"));

    /** Start of the server span, in milliseconds. */
    static final long T0_MILLIS = 1_764_000_000_000L;
    /** Values recorded in the histograms. */
    static final double[] LATENCIES = {1, 2, 7, 50, 500};
    static final double[] PAYLOAD_SIZES = {0, 2, 3, 3, 100};

    /** Spans as the SDK ended them, and their OTLP encodings. */
    record Traces(List<SpanData> spans, byte[] protobuf, byte[] json) {
        SpanData named(String name) {
            return spans.stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
        }
    }

    /** The same instruments read cumulatively and as deltas, and the span that was current for the exemplars. */
    record Metrics(Collection<MetricData> metrics, byte[] protobuf, byte[] json, byte[] deltaProtobuf,
                   byte[] deltaJson, Span exemplarSpan) {
    }

    record Logs(List<LogRecordData> logs, Span span, byte[] protobuf, byte[] json) {
    }

    private SdkPayloads() {
    }

    static Traces traces() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder().setResource(RESOURCE)
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            Tracer tracer = provider.get("io.edgeobs.test", "1.2.3");
            Span other = tracer.spanBuilder("background sync").startSpan();
            other.end();
            Span server = tracer.spanBuilder("GET /valve/{id}").setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(T0_MILLIS, TimeUnit.MILLISECONDS)
                    .setAttribute("http.request.method", "GET").setAttribute("http.response.status_code", 504L)
                    .setAttribute(AttributeKey.stringArrayKey("valves"), List.of("a", "b"))
                    .setAttribute(AttributeKey.longArrayKey("ports"), List.of(502L, 503L))
                    .setAttribute("retry", true).setAttribute("load", 0.75).setAttribute("ratio", 1.0)
                    .setAttribute("site.zone", "south")
                    .addLink(other.getSpanContext(), Attributes.of(AttributeKey.stringKey("reason"), "batch"))
                    .startSpan();
            Span client = tracer.spanBuilder("modbus read").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.current().with(server))
                    .setStartTimestamp(T0_MILLIS + 10, TimeUnit.MILLISECONDS).startSpan();
            client.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L),
                    T0_MILLIS + 20, TimeUnit.MILLISECONDS);
            client.recordException(new IllegalStateException("register 40001 unreadable"),
                    Attributes.of(AttributeKey.stringKey("device"), "plc-7"));
            client.setStatus(StatusCode.ERROR, "device timeout");
            client.end(T0_MILLIS + 45, TimeUnit.MILLISECONDS);
            server.setStatus(StatusCode.OK);
            server.end(T0_MILLIS + 50, TimeUnit.MILLISECONDS);
            // read before close: shutting the provider down clears the in-memory exporter
            List<SpanData> spans = exporter.getFinishedSpanItems();
            TraceRequestMarshaler m = TraceRequestMarshaler.create(spans);
            return new Traces(spans, binary(m), json(m));
        }
    }

    static Metrics metrics() {
        InMemoryMetricReader cumulative = InMemoryMetricReader.create();
        InMemoryMetricReader delta = InMemoryMetricReader.createDelta();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().setResource(RESOURCE)
                .registerMetricReader(cumulative).registerMetricReader(delta)
                .registerView(InstrumentSelector.builder().setName("payload.size").build(),
                        View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build())
                .build();
             SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
            Meter meter = provider.get("io.edgeobs.test");
            var requests = meter.counterBuilder("http.server.requests").setUnit("{request}").build();
            var latency = meter.histogramBuilder("rpc.duration").setUnit("ms")
                    .setExplicitBucketBoundariesAdvice(List.of(5.0, 10.0, 100.0)).build();
            Span span = tracing.get("t").spanBuilder("request").startSpan();
            requests.add(3, Attributes.of(AttributeKey.stringKey("route"), "/valve"));
            try (Scope ignored = span.makeCurrent()) {
                // a sampled span is current: the SDK keeps exemplars that point at it
                requests.add(4, Attributes.of(AttributeKey.stringKey("route"), "/valve"));
                latency.record(50);
            }
            span.end();
            for (double v : LATENCIES) {
                if (v != 50) {
                    latency.record(v);
                }
            }
            var queue = meter.upDownCounterBuilder("queue.depth").build();
            queue.add(5);
            queue.add(-2);
            meter.gaugeBuilder("pump.temperature").setUnit("Cel").build()
                    .set(21.5, Attributes.of(AttributeKey.stringKey("pump"), "p1"));
            var sizes = meter.histogramBuilder("payload.size").setUnit("By").build();
            for (double v : PAYLOAD_SIZES) {
                sizes.record(v);
            }
            Collection<MetricData> metrics = cumulative.collectAllMetrics();
            MetricsRequestMarshaler m = MetricsRequestMarshaler.create(metrics);
            MetricsRequestMarshaler d = MetricsRequestMarshaler.create(delta.collectAllMetrics());
            return new Metrics(metrics, binary(m), json(m), binary(d), json(d), span);
        }
    }

    static Logs logs() {
        InMemoryLogRecordExporter exporter = InMemoryLogRecordExporter.create();
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(RESOURCE)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
             SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
            Span span = tracing.get("t").spanBuilder("op").startSpan();
            Logger logger = provider.loggerBuilder("io.edgeobs.test.valves").setInstrumentationVersion("0.9").build();
            logger.logRecordBuilder().setSeverity(Severity.WARN).setSeverityText("WARN")
                    .setBody("valve 3 slow to close")
                    .setTimestamp(T0_MILLIS, TimeUnit.MILLISECONDS)
                    .setAttribute(AttributeKey.longKey("valve"), 3L)
                    .setAttribute(AttributeKey.doubleKey("pressure"), 1.5)
                    .setAttribute(AttributeKey.booleanKey("manual"), false)
                    .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("hydraulic", "slow"))
                    .setContext(Context.current().with(span))
                    .emit();
            logger.logRecordBuilder().setSeverity(Severity.ERROR2).setBody("no timestamp").emit();
            logger.logRecordBuilder().setSeverityText("warning").setEventName("valve.state")
                    .setTimestamp(T0_MILLIS + 1, TimeUnit.MILLISECONDS)
                    .setBody(Value.of(Map.of("valve", Value.of(7L), "state", Value.of("stuck"))))
                    .setAttribute(AttributeKey.stringKey("state"), "closing")
                    .emit();
            span.end();
            List<LogRecordData> logs = exporter.getFinishedLogRecordItems();
            LogsRequestMarshaler m = LogsRequestMarshaler.create(logs);
            return new Logs(logs, span, binary(m), json(m));
        }
    }

    private static byte[] binary(Marshaler m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            m.writeBinaryTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] json(Marshaler m) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            m.writeJsonTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
