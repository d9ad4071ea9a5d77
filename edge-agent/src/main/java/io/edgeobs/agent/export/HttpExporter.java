package io.edgeobs.agent.export;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Signal;
import io.edgeobs.agent.http.BlockingHttp;
import io.edgeobs.model.convert.otlp.ToOtlp;
import io.vertx.core.http.HttpMethod;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import java.util.zip.GZIPOutputStream;

/**
 * POSTs batches as gzip-compressed protobuf over HTTP, reusing connections (an https URL uses TLS). Two routes:
 * <ul>
 *   <li>{@link #gateway}: the edgeobs batch to the edge gateway's {@code /v1/batches} with the device's bearer token;
 *       429, 408 and 5xx are retried, other 4xx refused;</li>
 *   <li>{@link #otlp}: the batch converted to an OTLP export request, to {@code /v1/traces|metrics|logs} of any OTLP
 *       backend ("direct to cloud"); as the OTLP spec says, only 429, 502, 503 and 504 are retried.</li>
 * </ul>
 * {@code Retry-After} is honoured; network errors are retried.
 */
public final class HttpExporter implements Exporter {

    /** What a route sends where. */
    private interface Route {
        URI endpoint(Batch batch);

        byte[] body(Batch batch, byte[] encoded);

        /** Headers that depend on the batch. */
        default Map<String, String> headers(Batch batch) {
            return Map.of();
        }
    }

    /** Answers above this are cut: only a few hundred characters of one are ever logged. */
    private static final long MAX_ANSWER = 64 * 1024;

    private final BlockingHttp http;
    private final Route route;
    private final Map<String, String> headers;
    private final IntPredicate retryable;
    private final Duration timeout;

    private HttpExporter(BlockingHttp http, Route route, Map<String, String> headers, IntPredicate retryable,
                         Duration timeout) {
        this.http = http;
        this.route = route;
        this.headers = headers;
        this.retryable = retryable;
        this.timeout = timeout;
    }

    /**
     * @param schemaVersions the registry version of subject {@code edgeobs.<signal>} a manifest pinned, sent as
     *                       {@code Edgeobs-Schema-Version} (ADR 0005); absent when nothing is pinned
     */
    public static HttpExporter gateway(BlockingHttp http, String gatewayUrl, Optional<String> token, Duration timeout,
                                       Map<Signal, Integer> schemaVersions) {
        URI endpoint = URI.create(gatewayUrl.replaceAll("/+$", "") + "/v1/batches");
        Route route = new Route() {
            public URI endpoint(Batch batch) {
                return endpoint;
            }

            public byte[] body(Batch batch, byte[] encoded) {
                return encoded;
            }

            public Map<String, String> headers(Batch batch) {
                Integer version = schemaVersions.get(batch.signal());
                return version == null ? Map.of() : Map.of("Edgeobs-Schema-Version", version.toString());
            }
        };
        return new HttpExporter(http, route, token.map(t -> Map.of("Authorization", "Bearer " + t)).orElse(Map.of()),
                status -> status == 429 || status == 408 || status / 100 == 5, timeout);
    }

    public static HttpExporter otlp(BlockingHttp http, String otlpUrl, Map<String, String> headers, Duration timeout) {
        String base = otlpUrl.replaceAll("/+$", "");
        Route route = new Route() {
            public URI endpoint(Batch batch) {
                return URI.create(base + "/v1/" + switch (batch.signal()) {
                    case METRICS -> "metrics";
                    case SPANS -> "traces";
                    case LOGS -> "logs";
                });
            }

            public byte[] body(Batch batch, byte[] encoded) {
                return switch (batch.signal()) {
                    case METRICS -> ToOtlp.metrics(batch).toByteArray();
                    case SPANS -> ToOtlp.traces(batch).toByteArray();
                    case LOGS -> ToOtlp.logs(batch).toByteArray();
                };
            }
        };
        return new HttpExporter(http, route, headers, status -> status == 429 || status == 502 || status == 503 || status == 504,
                timeout);
    }

    @Override
    public ExportResult export(Batch batch, byte[] encoded) {
        URI endpoint = route.endpoint(batch);
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(route.headers(batch));
        all.put("Content-Type", "application/x-protobuf");
        all.put("Content-Encoding", "gzip");
        try {
            BlockingHttp.Response r = http.send(HttpMethod.POST, endpoint, all, gzip(route.body(batch, encoded)), timeout,
                    MAX_ANSWER);
            int status = r.status();
            if (status / 100 == 2) {
                return new ExportResult.Delivered();
            }
            String reason = "HTTP " + status + " from " + endpoint + ": "
                    + abbreviate(new String(r.body(), StandardCharsets.UTF_8));
            if (retryable.test(status)) {
                return new ExportResult.Retry(reason, RetryAfter.parse(r.header("Retry-After")));
            }
            return new ExportResult.Rejected(reason);
        } catch (TimeoutException e) {
            return new ExportResult.Retry("no answer from " + endpoint + " within " + timeout.toMillis() + " ms",
                    Optional.empty());
        } catch (IOException e) {
            return new ExportResult.Retry(endpoint + " unreachable: " + e.getMessage(), Optional.empty());
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
        String t = s.toLowerCase(Locale.ROOT).startsWith("<html") ? "(html page)" : s;
        return t.length() <= 300 ? t : t.substring(0, 300) + "...";
    }
}
