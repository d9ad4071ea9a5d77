package io.edgeobs.agent.receive;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.edgeobs.agent.ingest.Accepted;
import io.edgeobs.model.Signal;
import io.edgeobs.model.convert.otlp.Conversion;
import io.edgeobs.model.convert.otlp.OtlpEncoding;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/** OTLP/HTTP answers: export responses with partial success, and errors as a {@code google.rpc.Status}-like body. */
final class OtlpResponses {

    record Body(byte[] body, String contentType) {
    }

    private OtlpResponses() {
    }

    static Body success(Signal signal, Conversion<?> converted, Accepted accepted, OtlpEncoding encoding) {
        long rejected = converted.rejected() + accepted.rejected();
        String message = rejected == 0 ? "" : java.util.stream.Stream.of(converted.errorMessage(),
                        accepted.violations().stream().limit(5).map(Object::toString).collect(Collectors.joining("; ")))
                .filter(s -> !s.isEmpty()).collect(Collectors.joining("; "));
        Message response = switch (signal) {
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
        return encode(response, encoding);
    }

    /** An error as OTLP asks: a {@code google.rpc.Status} ({@code int32 code = 1; string message = 2;}). */
    static void error(HttpServerResponse response, int status, String message, OtlpEncoding encoding) {
        final byte[] body;
        final String type;
        if (encoding == OtlpEncoding.PROTOBUF) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            com.google.protobuf.CodedOutputStream cos = com.google.protobuf.CodedOutputStream.newInstance(out);
            try {
                cos.writeInt32(1, status);
                cos.writeString(2, message);
                cos.flush();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("writing to memory cannot fail", e);
            }
            body = out.toByteArray();
            type = "application/x-protobuf";
        } else {
            body = ("{\"code\":" + status + ",\"message\":\"" + new String(com.fasterxml.jackson.core.io.JsonStringEncoder
                    .getInstance().quoteAsString(message)) + "\"}").getBytes(StandardCharsets.UTF_8);
            type = "application/json";
        }
        response.setStatusCode(status).putHeader("Content-Type", type).end(Buffer.buffer(body));
    }

    private static Body encode(Message m, OtlpEncoding encoding) {
        if (encoding == OtlpEncoding.PROTOBUF) {
            return new Body(m.toByteArray(), "application/x-protobuf");
        }
        try {
            return new Body(JsonFormat.printer().omittingInsignificantWhitespace().print(m).getBytes(StandardCharsets.UTF_8),
                    "application/json");
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("OTLP responses always render as JSON", e);
        }
    }
}
