package io.edgeobs.simulator;

import io.edgeobs.model.Batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

/**
 * The agent protocol (ADR 0005): {@code POST /v1/batches} with the gzip'd BatchCodec encoding, a device token as
 * Bearer, 2xx once the gateway has the batch in its durable log. 429, 408, 5xx and network errors are retried.
 */
public final class GatewaySender implements Sender {

    private final HttpClient http;
    private final URI endpoint;
    private final String token;
    private final Duration timeout;
    private final AtomicReference<String> lastError = new AtomicReference<>("");

    public GatewaySender(HttpClient http, String gatewayUrl, String token, Duration timeout) {
        this.http = http;
        this.endpoint = URI.create(gatewayUrl.replaceAll("/+$", "") + "/v1/batches");
        this.token = token;
        this.timeout = timeout;
    }

    @Override
    public Outcome send(Batch batch, byte[] encoded) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(endpoint).timeout(timeout)
                    .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(encoded)));
            if (token != null && !token.isBlank()) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            int s = r.statusCode();
            if (s / 100 == 2) {
                return Outcome.DELIVERED;
            }
            lastError.set(s + " " + r.body().substring(0, Math.min(200, r.body().length())));
            return s == 429 || s == 408 || s / 100 == 5 ? Outcome.RETRY : Outcome.REJECTED;
        } catch (IOException e) {
            lastError.set(endpoint + " unreachable: " + e.getMessage());
            return Outcome.RETRY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.RETRY;
        }
    }

    /** The last refusal or network error, for the progress line. */
    public String lastError() {
        return lastError.get();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
