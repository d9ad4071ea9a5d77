package io.edgeobs.query.logs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Writes log documents to OpenSearch the way the ingest service's OpenSearch sink does (ingest-service
 * {@code sink/opensearch/LogDocuments}): its index template making {@code logs-edgeobs-*} data streams with the
 * same mapping, one stream per tenant, and documents with the same fields, written with {@code _bulk create}.
 */
final class IngestLikeOpenSearch {

    /** The ingest service's template, unchanged. */
    static final String TEMPLATE = """
            {"index_patterns":["logs-edgeobs-*"],
             "data_stream":{"timestamp_field":{"name":"@timestamp"}},
             "priority":200,
             "template":{"mappings":{"dynamic":false,"properties":{
               "@timestamp":{"type":"date_nanos"},
               "tenant":{"type":"keyword"},"fleet":{"type":"keyword"},"device_id":{"type":"keyword"},
               "device_type":{"type":"keyword"},"agent_version":{"type":"keyword"},
               "gateway_id":{"type":"keyword"},"region":{"type":"keyword"},
               "level":{"type":"keyword"},"message":{"type":"text"},
               "fields":{"type":"flat_object"},
               "trace_id":{"type":"keyword"},"span_id":{"type":"keyword"}}}},
             "_meta":{"description":"edgeobs logs, one data stream per tenant (ingest-service)"}}
            """;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String url;
    private final ObjectMapper json;
    private final StringBuilder bulk = new StringBuilder();

    IngestLikeOpenSearch(String url, ObjectMapper json) {
        this.url = url;
        this.json = json;
    }

    void putTemplate() throws Exception {
        HttpResponse<String> r = send("PUT", "/_index_template/edgeobs-logs", TEMPLATE);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("template refused: " + r.body());
        }
    }

    /** Queues one document into {@code stream}, of a record of {@code tenant}; {@code level} by number. */
    IngestLikeOpenSearch log(String stream, String tenant, String device, Instant ts, int level, String message,
                             String fieldsJson, String traceId) throws Exception {
        ObjectNode doc = json.createObjectNode();
        doc.put("@timestamp", ts.toString());
        doc.put("tenant", tenant);
        doc.put("fleet", "fleet-a");
        doc.put("device_id", device);
        doc.put("device_type", "rpi4");
        doc.put("agent_version", "1.4.0");
        doc.put("gateway_id", "gw-1");
        doc.put("region", "eu-west");
        doc.put("level", LogLevels.name(level));
        doc.put("message", message);
        ObjectNode fields = (ObjectNode) json.readTree(fieldsJson);
        if (!fields.isEmpty()) {
            doc.set("fields", fields);
        }
        if (traceId != null) {
            doc.put("trace_id", traceId);
        }
        String id = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8)), 0, 20);
        bulk.append("{\"create\":{\"_index\":\"").append(stream).append("\",\"_id\":\"").append(id).append("\"}}\n")
                .append(doc).append('\n');
        return this;
    }

    /** Sends the queued documents and makes them searchable. */
    void flush() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/_bulk?refresh=true"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(bulk.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || json.readTree(r.body()).path("errors").asBoolean()) {
            throw new IllegalStateException("bulk refused: " + r.body());
        }
        bulk.setLength(0);
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
