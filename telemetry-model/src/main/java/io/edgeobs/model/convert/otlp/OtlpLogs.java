package io.edgeobs.model.convert.otlp;

import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;

import java.util.HashMap;
import java.util.Map;

/**
 * OTLP logs to edgeobs log records; the rules are in the {@linkplain io.edgeobs.model.convert.otlp package
 * documentation}. Every OTLP log record converts, so nothing is ever rejected here.
 */
public final class OtlpLogs {

    static final String RESOURCE_FIELD = "resource";
    static final String BODY_FIELD = "body";
    static final String EVENT_NAME_FIELD = "event.name";

    private OtlpLogs() {
    }

    /**
     * @param receivedAtUnixNanos the time of records that carry neither a time nor an observed time
     */
    public static Conversion<LogRecord> convert(ExportLogsServiceRequest request, long receivedAtUnixNanos) {
        Conversion.Builder<LogRecord> out = new Conversion.Builder<>();
        for (ResourceLogs rl : request.getResourceLogsList()) {
            Map<String, Object> resource = rl.getResource().getAttributesCount() == 0 ? Map.of()
                    : OtlpAttributes.asMap(rl.getResource().getAttributesList());
            for (ScopeLogs sl : rl.getScopeLogsList()) {
                for (var r : sl.getLogRecordsList()) {
                    out.add(record(r, resource, sl.getScope(), receivedAtUnixNanos));
                }
            }
        }
        return out.build();
    }

    private static LogRecord record(io.opentelemetry.proto.logs.v1.LogRecord r, Map<String, Object> resource,
                                    InstrumentationScope scope, long receivedAt) {
        long time = r.getTimeUnixNano() != 0 ? r.getTimeUnixNano()
                : r.getObservedTimeUnixNano() != 0 ? r.getObservedTimeUnixNano() : receivedAt;
        LogLevel level = r.getSeverityNumberValue() > 0 ? LogLevel.fromOtlpSeverity(r.getSeverityNumberValue())
                : LogLevel.parse(r.getSeverityText()).orElse(LogLevel.UNSPECIFIED);

        // The record's own attributes go in last, so they win over the keys edgeobs adds.
        Map<String, Object> fields = new HashMap<>(2 * (r.getAttributesCount() + 5));
        if (!resource.isEmpty()) {
            fields.put(RESOURCE_FIELD, resource);
        }
        if (!scope.getName().isEmpty()) {
            fields.put(OtlpTraces.SCOPE_NAME, scope.getName());
        }
        if (!scope.getVersion().isEmpty()) {
            fields.put(OtlpTraces.SCOPE_VERSION, scope.getVersion());
        }
        if (!r.getEventName().isEmpty()) {
            fields.put(EVENT_NAME_FIELD, r.getEventName());
        }
        AnyValue body = r.getBody();
        if (body.getValueCase() == AnyValue.ValueCase.KVLIST_VALUE) {
            fields.put(BODY_FIELD, OtlpAttributes.asMap(body.getKvlistValue().getValuesList()));
        }
        for (var kv : r.getAttributesList()) {
            fields.put(kv.getKey(), OtlpAttributes.asObject(kv.getValue()));
        }
        return new LogRecord(time, level, OtlpAttributes.asString(body), fields,
                OtlpAttributes.optionalId(r.getTraceId()), OtlpAttributes.optionalId(r.getSpanId()));
    }
}
