package io.edgeobs.model.convert.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;

import java.io.IOException;

/** OTLP/JSON log export requests ({@code logs.proto}) read into the generated protobuf messages. */
final class OtlpJsonLogs {

    private OtlpJsonLogs() {
    }

    static ExportLogsServiceRequest request(OtlpJsonReader r) throws IOException {
        ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
        for (String f = r.nextField(); f != null; f = r.nextField()) {
            if (f.equals("resourceLogs") || f.equals("resource_logs")) {
                r.each(f, OtlpJsonLogs::resourceLogs, b::addResourceLogs);
            } else {
                r.skip();
            }
        }
        return b.build();
    }

    private static ResourceLogs resourceLogs(OtlpJsonReader r) throws IOException {
        ResourceLogs.Builder b = ResourceLogs.newBuilder();
        if (r.object("resourceLogs")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "resource" -> b.setResource(OtlpJsonCommon.resource(r));
                    case "scopeLogs", "scope_logs" -> r.each(f, OtlpJsonLogs::scopeLogs, b::addScopeLogs);
                    case "schemaUrl", "schema_url" -> b.setSchemaUrl(r.string(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static ScopeLogs scopeLogs(OtlpJsonReader r) throws IOException {
        ScopeLogs.Builder b = ScopeLogs.newBuilder();
        if (r.object("scopeLogs")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "scope" -> b.setScope(OtlpJsonCommon.scope(r));
                    case "logRecords", "log_records" -> r.each(f, OtlpJsonLogs::logRecord, b::addLogRecords);
                    case "schemaUrl", "schema_url" -> b.setSchemaUrl(r.string(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }

    private static LogRecord logRecord(OtlpJsonReader r) throws IOException {
        LogRecord.Builder b = LogRecord.newBuilder();
        if (r.object("logRecords")) {
            for (String f = r.nextField(); f != null; f = r.nextField()) {
                switch (f) {
                    case "timeUnixNano", "time_unix_nano" -> b.setTimeUnixNano(r.uint64(f));
                    case "observedTimeUnixNano", "observed_time_unix_nano" -> b.setObservedTimeUnixNano(r.uint64(f));
                    case "severityNumber", "severity_number" ->
                            b.setSeverityNumberValue(r.enumValue(f, n -> SeverityNumber.valueOf(n).getNumber()));
                    case "severityText", "severity_text" -> b.setSeverityText(r.string(f));
                    case "body" -> b.setBody(OtlpJsonCommon.anyValue(r));
                    case "attributes" -> r.each(f, OtlpJsonCommon::keyValue, b::addAttributes);
                    case "droppedAttributesCount", "dropped_attributes_count" ->
                            b.setDroppedAttributesCount(r.int32(f, true));
                    case "flags" -> b.setFlags(r.int32(f, true));
                    case "traceId", "trace_id" -> b.setTraceId(r.id(f));
                    case "spanId", "span_id" -> b.setSpanId(r.id(f));
                    case "eventName", "event_name" -> b.setEventName(r.string(f));
                    default -> r.skip();
                }
            }
        }
        return b.build();
    }
}
