package io.edgeobs.ingest.sink.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.ingest.consume.RetryableException;
import io.edgeobs.ingest.decode.IncomingBatch;
import io.edgeobs.ingest.sink.ExternalSink;
import io.edgeobs.model.Signal;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Logs to OpenSearch: one data stream per tenant ({@code logs-edgeobs-<tenant>}, made by an index template put
 * once), written with {@code _bulk} {@code create} in requests of at most {@code maxBulkBytes}. Per item: created
 * or already there (409, the same deterministic {@code _id}) counts as stored; 429 and 5xx items are sent again
 * with backoff up to {@code itemRetries} times, then the poll is retried later; any other refusal is counted as
 * dropped and logged.
 */
public final class OpenSearchLogSink implements ExternalSink {

    private static final Logger LOG = Logger.getLogger(OpenSearchLogSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final int maxBulkBytes;
    private final int itemRetries;
    private final Duration timeout;
    private final HttpClient http;
    private volatile boolean templateReady;

    public OpenSearchLogSink(String url, int maxBulkBytes, int itemRetries, Duration timeout) {
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.maxBulkBytes = maxBulkBytes;
        this.itemRetries = itemRetries;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return "opensearch";
    }

    @Override
    public Signal signal() {
        return Signal.LOGS;
    }

    @Override
    public long store(List<IncomingBatch> batches) throws RetryableException {
        ensureTemplate();
        List<LogDocuments.Item> items = new ArrayList<>();
        for (IncomingBatch b : batches) {
            for (int i = 0; i < b.batch().size(); i++) {
                items.add(LogDocuments.item(b, i));
            }
        }
        long refused = 0;
        List<LogDocuments.Item> chunk = new ArrayList<>();
        int bytes = 0;
        for (LogDocuments.Item item : items) {
            if (!chunk.isEmpty() && bytes + item.ndjson().length > maxBulkBytes) {
                refused += sendWithRetries(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(item);
            bytes += item.ndjson().length;
        }
        if (!chunk.isEmpty()) {
            refused += sendWithRetries(chunk);
        }
        return refused;
    }

    private long sendWithRetries(List<LogDocuments.Item> items) throws RetryableException {
        List<LogDocuments.Item> pending = items;
        long refused = 0;
        for (int attempt = 0; ; attempt++) {
            BulkOutcome outcome = bulk(pending);
            refused += outcome.refused();
            if (outcome.retry().isEmpty()) {
                return refused;
            }
            if (attempt >= itemRetries) {
                throw new RetryableException("opensearch", outcome.retry().size() + " log documents still refused with "
                        + "429/5xx after " + itemRetries + " retries", null);
            }
            pending = outcome.retry();
            backoff(attempt);
        }
    }

    private record BulkOutcome(List<LogDocuments.Item> retry, long refused) {
    }

    private BulkOutcome bulk(List<LogDocuments.Item> items) throws RetryableException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        items.forEach(i -> body.writeBytes(i.ndjson()));
        HttpResponse<byte[]> response = send(HttpRequest.newBuilder(base.resolve("_bulk")).timeout(timeout)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
        if (response.statusCode() == 429 || response.statusCode() >= 500) {
            return new BulkOutcome(items, 0);
        }
        if (response.statusCode() != 200) {
            throw new RetryableException("opensearch", "_bulk answered " + response.statusCode() + ": " + text(response), null);
        }
        JsonNode result = parse(response.body());
        if (!result.path("errors").asBoolean(false)) {
            return new BulkOutcome(List.of(), 0);
        }
        List<LogDocuments.Item> retry = new ArrayList<>();
        long refused = 0;
        JsonNode answers = result.path("items");
        for (int i = 0; i < items.size() && i < answers.size(); i++) {
            JsonNode item = answers.get(i).path("create");
            int status = item.path("status").asInt(500);
            if (status == 201 || status == 200 || status == 409) {
                continue;
            }
            if (status == 429 || status >= 500) {
                retry.add(items.get(i));
            } else {
                refused++;
                LOG.warnf("OpenSearch refused log document %s in %s (%d): %s", items.get(i).id(), items.get(i).stream(),
                        status, item.path("error").toString());
            }
        }
        return new BulkOutcome(retry, refused);
    }

    private void ensureTemplate() throws RetryableException {
        if (templateReady) {
            return;
        }
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(base.resolve("_index_template/edgeobs-logs")).timeout(timeout)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(LogDocuments.indexTemplate())).build());
        if (r.statusCode() != 200) {
            throw new RetryableException("opensearch", "putting index template edgeobs-logs answered " + r.statusCode()
                    + ": " + text(r), null);
        }
        templateReady = true;
        LOG.infof("OpenSearch index template edgeobs-logs in place at %s", base);
    }

    private HttpResponse<byte[]> send(HttpRequest request) throws RetryableException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RetryableException("opensearch", "OpenSearch at " + base + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableException("opensearch", "interrupted while writing to OpenSearch", e);
        }
    }

    private static JsonNode parse(byte[] body) throws RetryableException {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new RetryableException("opensearch", "unreadable _bulk answer: " + e.getMessage(), e);
        }
    }

    private static String text(HttpResponse<byte[]> r) {
        String s = new String(r.body(), StandardCharsets.UTF_8);
        return s.length() > 500 ? s.substring(0, 500) + " ..." : s;
    }

    private static void backoff(int attempt) throws RetryableException {
        try {
            Thread.sleep(Math.min(5_000L, 200L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableException("opensearch", "interrupted while waiting to retry", e);
        }
    }

    @Override
    public void close() {
        // java.net.http.HttpClient has no close() before Java 21; its connections end with the JVM
    }
}
