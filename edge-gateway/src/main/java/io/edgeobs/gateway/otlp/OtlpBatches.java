package io.edgeobs.gateway.otlp;

import io.edgeobs.gateway.auth.Credential;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;
import io.edgeobs.model.TelemetryRecord;
import io.edgeobs.model.convert.otlp.Conversion;
import io.edgeobs.model.convert.otlp.OtlpEncoding;
import io.edgeobs.model.convert.otlp.OtlpLogs;
import io.edgeobs.model.convert.otlp.OtlpMetrics;
import io.edgeobs.model.convert.otlp.OtlpRequests;
import io.edgeobs.model.convert.otlp.OtlpTraces;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An OTLP request as gateway batches: one batch per device, the device being the first of the resource attributes
 * {@code edgeobs.device.id}, {@code device.id}, {@code host.name}, {@code service.instance.id} that is set, else the
 * client (the api-key's name, or its id). The records are converted by telemetry-model's OTLP converters, which keep
 * resource attributes as tags (log fields), so nothing of the resource is lost.
 */
final class OtlpBatches {

    static final List<String> DEVICE_ATTRIBUTES = List.of("edgeobs.device.id", "device.id", "host.name",
            "service.instance.id");

    /** The batches of a request and what could not be converted. */
    record Converted(List<Batch> batches, long records, long rejected, String errorMessage) {
    }

    private OtlpBatches() {
    }

    static Converted convert(Signal signal, byte[] body, OtlpEncoding encoding, Credential client, long receivedAt) {
        Map<String, List<TelemetryRecord>> byDevice = new LinkedHashMap<>();
        long rejected = 0;
        List<String> errors = new ArrayList<>();
        String fallback = client.name().isEmpty() ? "otlp-" + client.id() : client.name();
        switch (signal) {
            case SPANS -> {
                ExportTraceServiceRequest r = OtlpRequests.traces(body, encoding);
                for (var rs : r.getResourceSpansList()) {
                    Conversion<?> c = OtlpTraces.convert(ExportTraceServiceRequest.newBuilder().addResourceSpans(rs).build());
                    rejected += add(byDevice, device(rs.getResource().getAttributesList(), fallback), c, errors);
                }
            }
            case METRICS -> {
                ExportMetricsServiceRequest r = OtlpRequests.metrics(body, encoding);
                for (var rm : r.getResourceMetricsList()) {
                    Conversion<?> c = OtlpMetrics.convert(ExportMetricsServiceRequest.newBuilder().addResourceMetrics(rm)
                            .build(), receivedAt);
                    rejected += add(byDevice, device(rm.getResource().getAttributesList(), fallback), c, errors);
                }
            }
            case LOGS -> {
                ExportLogsServiceRequest r = OtlpRequests.logs(body, encoding);
                for (var rl : r.getResourceLogsList()) {
                    Conversion<?> c = OtlpLogs.convert(ExportLogsServiceRequest.newBuilder().addResourceLogs(rl).build(),
                            receivedAt);
                    rejected += add(byDevice, device(rl.getResource().getAttributesList(), fallback), c, errors);
                }
            }
        }
        List<Batch> batches = new ArrayList<>(byDevice.size());
        long records = 0;
        for (Map.Entry<String, List<TelemetryRecord>> e : byDevice.entrySet()) {
            batches.add(new Batch(new Resource("", "", e.getKey(), "otlp", "", Tags.EMPTY), 0, signal, e.getValue(), null));
            records += e.getValue().size();
        }
        return new Converted(batches, records, rejected, String.join("; ", errors));
    }

    private static long add(Map<String, List<TelemetryRecord>> byDevice, String device, Conversion<?> c,
                            List<String> errors) {
        List<TelemetryRecord> list = byDevice.computeIfAbsent(device, d -> new ArrayList<>());
        for (Object r : c.records()) {
            list.add((TelemetryRecord) r);
        }
        if (c.rejected() > 0) {
            errors.add(c.errorMessage());
        }
        return c.rejected();
    }

    static String device(List<KeyValue> attributes, String fallback) {
        Function<String, String> value = key -> attributes.stream().filter(kv -> kv.getKey().equals(key))
                .map(kv -> kv.getValue().getStringValue()).filter(s -> !s.isEmpty()).findFirst().orElse(null);
        for (String key : DEVICE_ATTRIBUTES) {
            String v = value.apply(key);
            if (v != null) {
                return v;
            }
        }
        return fallback;
    }
}
