package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * OTLP logs to edgeobs log records.
 * <ul>
 *   <li>time: {@code time_unix_nano}, else {@code observed_time_unix_nano}, else the time it was received;</li>
 *   <li>level: from {@code severity_number}, else parsed from {@code severity_text};</li>
 *   <li>message: a string body as it is; any other body as its JSON text, and a map body also as field {@code body};</li>
 *   <li>fields: the attributes with their types, resource attributes under {@code resource}, the scope name under
 *       {@code otel.scope.name};</li>
 *   <li>trace and span ids for correlation.</li>
 * </ul>
 */
public final class OtlpLogs {

    private OtlpLogs() {
    }

    public static Conversion<LogRecord> convert(ExportLogsServiceRequest request, long receivedAtUnixNanos) {
        Conversion.Builder<LogRecord> out = new Conversion.Builder<>();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            Map<String, Object> resource = OtlpValues.asMap(rl.getResource().getAttributesList());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (var r : sl.getLogRecordsList()) {
                    out.add(record(r, resource, sl.getScope().getName(), receivedAtUnixNanos));
                }
            }
        }
        return out.build();
    }

    private static LogRecord record(io.opentelemetry.proto.logs.v1.LogRecord r, Map<String, Object> resource,
                                    String scope, long receivedAt) {
        long time = r.getTimeUnixNano() != 0 ? r.getTimeUnixNano()
                : r.getObservedTimeUnixNano() != 0 ? r.getObservedTimeUnixNano() : receivedAt;
        LogLevel level = r.getSeverityNumberValue() > 0 ? LogLevel.fromOtlpSeverity(r.getSeverityNumberValue())
                : LogLevel.parse(r.getSeverityText()).orElse(LogLevel.UNSPECIFIED);
        Map<String, Object> fields = new LinkedHashMap<>(OtlpValues.asMap(r.getAttributesList()));
        if (!resource.isEmpty()) {
            fields.put("resource", resource);
        }
        if (!scope.isEmpty()) {
            fields.put("otel.scope.name", scope);
        }
        AnyValue body = r.getBody();
        String message;
        if (body.getValueCase() == AnyValue.ValueCase.STRING_VALUE) {
            message = body.getStringValue();
        } else if (body.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) {
            message = "";
        } else {
            Object structured = OtlpValues.asObject(body);
            message = Json.write(structured);
            if (structured instanceof Map) {
                fields.put("body", structured);
            }
        }
        return new LogRecord(time, level, message, fields, Id.of(r.getTraceId()), Id.of(r.getSpanId()));
    }
}
