package io.edgeobs.model.convert.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.edgeobs.model.codec.DecodeException;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Reads OTLP/HTTP request bodies in either encoding into the {@code opentelemetry-proto} request messages.
 * OTLP/JSON is read by a streaming parser straight into the generated builders (no reflection, no intermediate
 * tree), so a JSON body gives exactly the message its protobuf encoding gives. A body that is not a request is a
 * {@link DecodeException} that says what is wrong and, for JSON, where.
 */
public final class OtlpRequests {

    private OtlpRequests() {
    }

    public static ExportTraceServiceRequest traces(byte[] body, OtlpEncoding encoding) {
        if (encoding == OtlpEncoding.JSON) {
            return OtlpJsonReader.read(body, "traces", OtlpJsonTraces::request);
        }
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw notProtobuf("traces", e);
        }
    }

    public static ExportMetricsServiceRequest metrics(byte[] body, OtlpEncoding encoding) {
        if (encoding == OtlpEncoding.JSON) {
            return OtlpJsonReader.read(body, "metrics", OtlpJsonMetrics::request);
        }
        try {
            return ExportMetricsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw notProtobuf("metrics", e);
        }
    }

    public static ExportLogsServiceRequest logs(byte[] body, OtlpEncoding encoding) {
        if (encoding == OtlpEncoding.JSON) {
            return OtlpJsonReader.read(body, "logs", OtlpJsonLogs::request);
        }
        try {
            return ExportLogsServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw notProtobuf("logs", e);
        }
    }

    private static DecodeException notProtobuf(String signal, InvalidProtocolBufferException e) {
        return new DecodeException("body is not a valid OTLP protobuf " + signal + " export request: "
                + e.getMessage(), e);
    }
}
