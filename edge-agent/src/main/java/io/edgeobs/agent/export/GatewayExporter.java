package io.edgeobs.agent.export;

import io.edgeobs.model.Batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * POSTs protobuf batches, gzip-compressed, to the edge gateway's {@code /v1/batches} with the device's bearer
 * token. Connections are reused (HTTP/1.1 keep-alive); an https URL uses TLS. 2xx: delivered; 429, 503 (honouring
 * {@code Retry-After}), other 5xx and network errors: retry; other 4xx: rejected.
 */
public final class GatewayExporter implements Exporter {

    private final HttpClient http;
    private final URI endpoint;
    private final Optional<String> token;
    private final Duration timeout;

    public GatewayExporter(String gatewayUrl, Optional<String> token, Duration timeout) {
        this.endpoint = URI.create(gatewayUrl.replaceAll("/+$", "") + "/v1/batches");
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public ExportResult export(Batch batch, byte[] encoded) {
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/x-protobuf")
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(encoded)));
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            int status = r.statusCode();
            if (status / 100 == 2) {
                return new ExportResult.Delivered();
            }
            String reason = "HTTP " + status + " from " + endpoint + ": " + abbreviate(r.body());
            if (status == 429 || status == 408 || status / 100 == 5) {
                return new ExportResult.Retry(reason, RetryAfter.parse(r.headers().firstValue("Retry-After")));
            }
            return new ExportResult.Rejected(reason);
        } catch (IOException e) {
            return new ExportResult.Retry(endpoint + " unreachable: " + e, Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExportResult.Retry("interrupted", Optional.empty());
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 3 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new IllegalStateException("gzip into memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }
}
