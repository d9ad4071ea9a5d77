package io.edgeobs.simulator;

import io.edgeobs.model.Batch;
import io.edgeobs.model.convert.otlp.ToOtlp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Feeds a real edge agent: OTLP/HTTP protobuf to its receiver ({@code /v1/metrics}, {@code /v1/traces},
 * {@code /v1/logs}), as an instrumented application on the device would. The agent answers 2xx once the records
 * are in its durable log and 503 with Retry-After when it pushes back (retried).
 */
public final class OtlpSender implements Sender {

    private final HttpClient http;
    private final String base;
    private final Duration timeout;

    public OtlpSender(HttpClient http, String otlpUrl, Duration timeout) {
        this.http = http;
        this.base = otlpUrl.replaceAll("/+$", "");
        this.timeout = timeout;
    }

    @Override
    public Outcome send(Batch batch, byte[] encoded) {
        byte[] body;
        String path;
        switch (batch.signal()) {
            case METRICS -> {
                body = ToOtlp.metrics(batch).toByteArray();
                path = "/v1/metrics";
            }
            case SPANS -> {
                body = ToOtlp.traces(batch).toByteArray();
                path = "/v1/traces";
            }
            default -> {
                body = ToOtlp.logs(batch).toByteArray();
                path = "/v1/logs";
            }
        }
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout)
                    .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            int s = r.statusCode();
            return s / 100 == 2 ? Outcome.DELIVERED : s == 429 || s / 100 == 5 ? Outcome.RETRY : Outcome.REJECTED;
        } catch (IOException e) {
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.RETRY;
        }
    }
}
