package io.edgeobs.model.convert.otlp;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.marshal.Marshaler;
import io.opentelemetry.exporter.internal.otlp.logs.LogsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.metrics.MetricsRequestMarshaler;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
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
import java.util.concurrent.TimeUnit;

/**
 * Real OTLP payloads: telemetry recorded with the OpenTelemetry Java SDK and marshalled by its OTLP exporter code
 * into the exact protobuf and JSON bytes an SDK sends over OTLP/HTTP.
 */
final class SdkPayloads {

    static final Resource RESOURCE = Resource.create(Attributes.of(
            AttributeKey.stringKey("service.name"), "pump-ctl",
            AttributeKey.stringKey("host.name"), "dev-1"));

    /** Spans as the SDK ended them, and their OTLP encodings. */
    record Traces(List<SpanData> spans, byte[] protobuf, byte[] json) {
    }

    record Metrics(Collection<MetricData> metrics, byte[] protobuf, byte[] json) {
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
                    .setStartTimestamp(1_764_000_000_000L, TimeUnit.MILLISECONDS)
                    .setAttribute("http.request.method", "GET").setAttribute("http.response.status_code", 504L)
                    .setAttribute(AttributeKey.stringArrayKey("valves"), List.of("a", "b"))
                    .setAttribute("retry", true).setAttribute("load", 0.75)
                    .addLink(other.getSpanContext(), Attributes.of(AttributeKey.stringKey("reason"), "batch"))
                    .startSpan();
            Span client = tracer.spanBuilder("modbus read").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.current().with(server))
                    .setStartTimestamp(1_764_000_000_010L, TimeUnit.MILLISECONDS).startSpan();
            client.addEvent("retry", Attributes.of(AttributeKey.longKey("attempt"), 2L),
                    1_764_000_000_020L, TimeUnit.MILLISECONDS);
            client.setStatus(StatusCode.ERROR, "device timeout");
            client.end(1_764_000_000_045L, TimeUnit.MILLISECONDS);
            server.setStatus(StatusCode.OK);
            server.end(1_764_000_000_050L, TimeUnit.MILLISECONDS);
            // read before close: shutting the provider down clears the in-memory exporter
            List<SpanData> spans = exporter.getFinishedSpanItems();
            TraceRequestMarshaler m = TraceRequestMarshaler.create(spans);
            return new Traces(spans, binary(m), json(m));
        }
    }

    static Metrics metrics() {
        InMemoryMetricReader reader = InMemoryMetricReader.create();
        try (SdkMeterProvider provider = SdkMeterProvider.builder().setResource(RESOURCE).registerMetricReader(reader).build()) {
            Meter meter = provider.get("io.edgeobs.test");
            var requests = meter.counterBuilder("http.server.requests").setUnit("{request}").build();
            requests.add(3, Attributes.of(AttributeKey.stringKey("route"), "/valve"));
            requests.add(4, Attributes.of(AttributeKey.stringKey("route"), "/valve"));
            var queue = meter.upDownCounterBuilder("queue.depth").build();
            queue.add(5);
            queue.add(-2);
            meter.gaugeBuilder("pump.temperature").setUnit("Cel").build()
                    .set(21.5, Attributes.of(AttributeKey.stringKey("pump"), "p1"));
            var latency = meter.histogramBuilder("rpc.duration").setUnit("ms")
                    .setExplicitBucketBoundariesAdvice(List.of(5.0, 10.0, 100.0)).build();
            for (double v : new double[] {1, 2, 7, 50, 500}) {
                latency.record(v);
            }
            Collection<MetricData> metrics = reader.collectAllMetrics();
            MetricsRequestMarshaler m = MetricsRequestMarshaler.create(metrics);
            return new Metrics(metrics, binary(m), json(m));
        }
    }

    static Logs logs() {
        InMemoryLogRecordExporter exporter = InMemoryLogRecordExporter.create();
        try (SdkLoggerProvider provider = SdkLoggerProvider.builder().setResource(RESOURCE)
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter)).build();
             SdkTracerProvider tracing = SdkTracerProvider.builder().build()) {
            Span span = tracing.get("t").spanBuilder("op").startSpan();
            Logger logger = provider.get("io.edgeobs.test.valves");
            logger.logRecordBuilder().setSeverity(Severity.WARN).setSeverityText("WARN")
                    .setBody("valve 3 slow to close")
                    .setTimestamp(1_764_000_000_000L, TimeUnit.MILLISECONDS)
                    .setAttribute(AttributeKey.longKey("valve"), 3L)
                    .setAttribute(AttributeKey.doubleKey("pressure"), 1.5)
                    .setAttribute(AttributeKey.booleanKey("manual"), false)
                    .setContext(Context.current().with(span))
                    .emit();
            logger.logRecordBuilder().setSeverity(Severity.ERROR2).setBody("no timestamp").emit();
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
