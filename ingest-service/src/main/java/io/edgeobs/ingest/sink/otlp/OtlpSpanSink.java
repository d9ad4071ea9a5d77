package io.edgeobs.ingest.sink.otlp;

import io.edgeobs.ingest.consume.RetryableException;
import io.edgeobs.ingest.decode.IncomingBatch;
import io.edgeobs.ingest.sink.ExternalSink;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Span;
import io.edgeobs.model.convert.otlp.ToOtlp;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Spans to Jaeger (or any OTLP backend) over OTLP/HTTP protobuf: each batch converted back from the unified model
 * ({@link ToOtlp}) and posted to {@code <endpoint>/v1/traces} in requests of at most {@code maxSpansPerRequest}
 * spans. 429, 502, 503, 504 and connection failures make the poll retry later (OTLP's retry rules); other 4xx and
 * spans the backend reports as rejected (partial success) are counted as dropped and logged. OTLP has no
 * idempotency key, so a crash between the backend's answer and the ledger write sends those spans again.
 */
public final class OtlpSpanSink implements ExternalSink {

    private static final Logger LOG = Logger.getLogger(OtlpSpanSink.class);

    private final URI tracesUrl;
    private final int maxSpansPerRequest;
    private final Duration timeout;
    private final HttpClient http;

    public OtlpSpanSink(String endpoint, int maxSpansPerRequest, Duration timeout) {
        this.tracesUrl = URI.create((endpoint.endsWith("/") ? endpoint : endpoint + "/") + "v1/traces");
        this.maxSpansPerRequest = maxSpansPerRequest;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return "otlp";
    }

    @Override
    public Signal signal() {
        return Signal.SPANS;
    }

    @Override
    public long store(List<IncomingBatch> batches) throws RetryableException {
        long refused = 0;
        for (IncomingBatch b : batches) {
            List<Span> spans = b.batch().spans();
            for (int from = 0; from < spans.size(); from += maxSpansPerRequest) {
                Batch part = b.batch().withRecords(spans.subList(from, Math.min(spans.size(), from + maxSpansPerRequest)));
                refused += post(ToOtlp.traces(part), part.size(), b);
            }
        }
        return refused;
    }

    private long post(ExportTraceServiceRequest request, int spans, IncomingBatch b) throws RetryableException {
        HttpResponse<byte[]> r;
        try {
            r = http.send(HttpRequest.newBuilder(tracesUrl).timeout(timeout)
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.toByteArray())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RetryableException("otlp", "OTLP backend " + tracesUrl + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableException("otlp", "interrupted while exporting spans", e);
        }
        int status = r.statusCode();
        if (status == 429 || status == 502 || status == 503 || status == 504) {
            throw new RetryableException("otlp", "OTLP backend " + tracesUrl + " answered " + status, null);
        }
        if (status / 100 != 2) {
            LOG.warnf("OTLP backend %s refused %d spans of %s with %d: %s", tracesUrl, spans, b.key(), status,
                    new String(r.body(), StandardCharsets.UTF_8));
            return spans;
        }
        try {
            ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(r.body());
            long rejected = answer.getPartialSuccess().getRejectedSpans();
            if (rejected > 0) {
                LOG.warnf("OTLP backend %s rejected %d of %d spans of %s: %s", tracesUrl, rejected, spans, b.key(),
                        answer.getPartialSuccess().getErrorMessage());
            }
            return rejected;
        } catch (IOException e) {
            // a 2xx whose body is not an export response: the spans were accepted
            return 0;
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21
    }
}
