package io.edgeobs.model.convert.otlp;

import com.google.protobuf.ByteString;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanEvent;
import io.edgeobs.model.SpanLink;
import io.edgeobs.model.SpanStatus;
import io.edgeobs.model.Tags;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * edgeobs batches as OTLP export requests, for sending straight to any OTLP backend.
 * <ul>
 *   <li>resource: {@code device.id}, {@code device.type}, {@code edgeobs.agent.version}, tenant and fleet when set,
 *       and the free resource tags; spans are grouped per service ({@code service.name});</li>
 *   <li>metrics: a counter becomes a monotonic cumulative sum, every other point a gauge, each keeping its sample
 *       name and tags (so histogram and summary parts travel as the Prometheus-style series they are);</li>
 *   <li>logs: severity number and text from the level, the message as a string body, fields as typed attributes.</li>
 * </ul>
 */
public final class ToOtlp {

    private static final String SCOPE = "io.edgeobs.agent";

    private ToOtlp() {
    }

    public static ExportTraceServiceRequest traces(Batch batch) {
        Map<String, ScopeSpans.Builder> byService = new LinkedHashMap<>();
        for (Span s : batch.spans()) {
            ScopeSpans.Builder scope = byService.computeIfAbsent(s.service(), k -> ScopeSpans.newBuilder()
                    .setScope(io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder().setName(SCOPE)));
            scope.addSpans(span(s));
        }
        ExportTraceServiceRequest.Builder r = ExportTraceServiceRequest.newBuilder();
        byService.forEach((service, spans) -> r.addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource(batch.resource(), service)).addScopeSpans(spans)));
        return r.build();
    }

    public static ExportMetricsServiceRequest metrics(Batch batch) {
        ScopeMetrics.Builder scope = ScopeMetrics.newBuilder()
                .setScope(io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder().setName(SCOPE));
        for (MetricPoint p : batch.metrics()) {
            NumberDataPoint point = NumberDataPoint.newBuilder().setTimeUnixNano(p.timestampUnixNanos())
                    .setAsDouble(p.value()).addAllAttributes(attributes(p.tags())).build();
            Metric.Builder m = Metric.newBuilder().setName(p.name()).setUnit(p.unit());
            if (p.kind() == MetricKind.COUNTER) {
                m.setSum(Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(point));
            } else {
                m.setGauge(Gauge.newBuilder().addDataPoints(point));
            }
            scope.addMetrics(m);
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(resource(batch.resource(), null)).addScopeMetrics(scope)).build();
    }

    public static ExportLogsServiceRequest logs(Batch batch) {
        ScopeLogs.Builder scope = ScopeLogs.newBuilder()
                .setScope(io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder().setName(SCOPE));
        for (LogRecord l : batch.logs()) {
            var r = io.opentelemetry.proto.logs.v1.LogRecord.newBuilder().setTimeUnixNano(l.timestampUnixNanos())
                    .setObservedTimeUnixNano(l.timestampUnixNanos())
                    .setSeverityNumberValue(l.level().otlpSeverity())
                    .setBody(AnyValue.newBuilder().setStringValue(l.message()))
                    .setTraceId(bytes(l.traceId())).setSpanId(bytes(l.spanId()));
            if (l.level() != io.edgeobs.model.LogLevel.UNSPECIFIED) {
                r.setSeverityText(l.level().name());
            }
            l.fields().forEach((k, v) -> r.addAttributes(KeyValue.newBuilder().setKey(k).setValue(value(v))));
            scope.addLogRecords(r);
        }
        return ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                .setResource(resource(batch.resource(), null)).addScopeLogs(scope)).build();
    }

    private static io.opentelemetry.proto.trace.v1.Span span(Span s) {
        var b = io.opentelemetry.proto.trace.v1.Span.newBuilder().setTraceId(bytes(s.traceId())).setSpanId(bytes(s.spanId()))
                .setParentSpanId(bytes(s.parentSpanId())).setName(s.operation()).setKindValue(s.kind().ordinal())
                .setStartTimeUnixNano(s.startUnixNanos()).setEndTimeUnixNano(s.startUnixNanos() + s.durationNanos())
                .addAllAttributes(attributes(s.tags()));
        if (s.status().code() != SpanStatus.Code.UNSET) {
            b.setStatus(Status.newBuilder().setCodeValue(s.status().code().ordinal()).setMessage(s.status().message()));
        }
        for (SpanEvent e : s.events()) {
            b.addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder().setTimeUnixNano(e.timeUnixNanos())
                    .setName(e.name()).addAllAttributes(attributes(e.tags())));
        }
        for (SpanLink l : s.links()) {
            b.addLinks(io.opentelemetry.proto.trace.v1.Span.Link.newBuilder().setTraceId(bytes(l.traceId()))
                    .setSpanId(bytes(l.spanId())).addAllAttributes(attributes(l.tags())));
        }
        return b.build();
    }

    private static io.opentelemetry.proto.resource.v1.Resource resource(Resource r, String service) {
        var b = io.opentelemetry.proto.resource.v1.Resource.newBuilder();
        if (service != null) {
            b.addAttributes(string("service.name", service));
        }
        b.addAttributes(string("device.id", r.deviceId()));
        if (!r.deviceType().isEmpty()) {
            b.addAttributes(string("device.type", r.deviceType()));
        }
        if (!r.agentVersion().isEmpty()) {
            b.addAttributes(string("edgeobs.agent.version", r.agentVersion()));
        }
        if (!r.tenant().isEmpty()) {
            b.addAttributes(string("edgeobs.tenant", r.tenant()));
        }
        if (!r.fleet().isEmpty()) {
            b.addAttributes(string("edgeobs.fleet", r.fleet()));
        }
        b.addAllAttributes(attributes(r.tags()));
        return b.build();
    }

    private static List<KeyValue> attributes(Tags tags) {
        List<KeyValue> out = new java.util.ArrayList<>(tags.size());
        for (int i = 0; i < tags.size(); i++) {
            out.add(string(tags.keyAt(i), tags.valueAt(i)));
        }
        return out;
    }

    private static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    @SuppressWarnings("unchecked")
    private static AnyValue value(Object v) {
        AnyValue.Builder b = AnyValue.newBuilder();
        if (v instanceof String s) {
            b.setStringValue(s);
        } else if (v instanceof Long l) {
            b.setIntValue(l);
        } else if (v instanceof Double d) {
            b.setDoubleValue(d);
        } else if (v instanceof Boolean bool) {
            b.setBoolValue(bool);
        } else if (v instanceof List<?> list) {
            ArrayValue.Builder a = ArrayValue.newBuilder();
            list.forEach(item -> a.addValues(value(item)));
            b.setArrayValue(a);
        } else if (v instanceof Map<?, ?> map) {
            KeyValueList.Builder kv = KeyValueList.newBuilder();
            ((Map<String, Object>) map).forEach((k, item) -> kv.addValues(KeyValue.newBuilder().setKey(k).setValue(value(item))));
            b.setKvlistValue(kv);
        }
        return b.build(); // null stays an empty value
    }

    private static ByteString bytes(Id id) {
        return id.toByteString();
    }
}
