package io.edgeobs.gateway.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.edgeobs.gateway.error.GatewayException;
import io.edgeobs.gateway.error.Problem;
import io.edgeobs.model.Signal;
import io.edgeobs.model.convert.otlp.OtlpEncoding;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import jakarta.ws.rs.core.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * OTLP/HTTP answers, in the encoding of the request as the specification asks: export responses with partial
 * success, and errors as a {@code google.rpc.Status} (protobuf), or for JSON requests a problem-details body that also
 * reads as one ({@code code}, {@code message}). {@code Retry-After} comes with 429 and 503, the statuses OTLP clients
 * retry (with 502 and 504).
 */
final class OtlpAnswers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OtlpAnswers() {
    }

    static Response success(Signal signal, long rejected, String message, OtlpEncoding encoding) {
        Message m = switch (signal) {
            case SPANS -> ExportTraceServiceResponse.newBuilder().setPartialSuccess(rejected == 0
                    ? ExportTracePartialSuccess.getDefaultInstance()
                    : ExportTracePartialSuccess.newBuilder().setRejectedSpans(rejected).setErrorMessage(message).build()).build();
            case METRICS -> ExportMetricsServiceResponse.newBuilder().setPartialSuccess(rejected == 0
                    ? ExportMetricsPartialSuccess.getDefaultInstance()
                    : ExportMetricsPartialSuccess.newBuilder().setRejectedDataPoints(rejected).setErrorMessage(message).build()).build();
            case LOGS -> ExportLogsServiceResponse.newBuilder().setPartialSuccess(rejected == 0
                    ? ExportLogsPartialSuccess.getDefaultInstance()
                    : ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected).setErrorMessage(message).build()).build();
        };
        if (encoding == OtlpEncoding.PROTOBUF) {
            return Response.ok(m.toByteArray(), "application/x-protobuf").build();
        }
        try {
            return Response.ok(JsonFormat.printer().omittingInsignificantWhitespace().print(m), "application/json").build();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("OTLP responses always print as JSON", e);
        }
    }

    static Response error(GatewayException e, OtlpEncoding encoding) {
        Response.ResponseBuilder r = Response.status(e.status());
        e.retryAfter().ifPresent(d -> r.header("Retry-After", Long.toString(Math.max(1, d.toSeconds()))));
        if (encoding == OtlpEncoding.PROTOBUF) {
            return r.type("application/x-protobuf").entity(status(e.status(), e.getMessage())).build();
        }
        try {
            return r.type("application/json").entity(JSON.writeValueAsString(
                    Problem.of(e.status(), e.title(), e.getMessage()).asRpcStatus())).build();
        } catch (JsonProcessingException json) {
            throw new IllegalStateException("a problem always renders as JSON", json);
        }
    }

    /** {@code google.rpc.Status {int32 code = 1; string message = 2;}}, written by hand (two fields). */
    private static byte[] status(int code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream cos = CodedOutputStream.newInstance(out);
        try {
            cos.writeInt32(1, code);
            cos.writeString(2, message);
            cos.flush();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }
}
