package io.edgeobs.ingest.sink.opensearch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.ingest.decode.IncomingBatch;
import io.edgeobs.model.Batch;
import io.edgeobs.model.LogRecord;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Log records as OpenSearch documents of the tenant's data stream {@code logs-edgeobs-<tenant>}. Each document's
 * {@code _id} is derived from the batch's ledger key and the record's position, so a batch sent again is refused
 * as a version conflict instead of being stored twice.
 */
final class LogDocuments {

    static final String STREAM_PREFIX = "logs-edgeobs-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogDocuments() {
    }

    /** One bulk item: its action line and document, each ending in a newline. */
    record Item(String stream, String id, byte[] ndjson) {
    }

    /** The data stream of a tenant: lower case, and characters index names cannot hold replaced by {@code _}. */
    static String stream(String tenant) {
        String t = tenant.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        if (t.startsWith("_") || t.startsWith("-") || t.startsWith(".")) {
            t = "t" + t;
        }
        return STREAM_PREFIX + t;
    }

    static Item item(IncomingBatch b, int index) {
        Batch batch = b.batch();
        LogRecord l = batch.logs().get(index);
        String stream = stream(batch.resource().tenant());
        String id = id(b.key().toString(), index);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("@timestamp", Instant.ofEpochSecond(Math.floorDiv(l.timestampUnixNanos(), 1_000_000_000L),
                Math.floorMod(l.timestampUnixNanos(), 1_000_000_000L)).toString());
        doc.put("tenant", batch.resource().tenant());
        doc.put("fleet", batch.resource().fleet());
        doc.put("device_id", batch.resource().deviceId());
        doc.put("device_type", batch.resource().deviceType());
        doc.put("agent_version", batch.resource().agentVersion());
        if (batch.envelope() != null) {
            doc.put("gateway_id", batch.envelope().gatewayId());
            doc.put("region", batch.envelope().region());
        }
        doc.put("level", l.level().name().toLowerCase(Locale.ROOT));
        doc.put("message", l.message());
        if (!l.fields().isEmpty()) {
            doc.put("fields", l.fields());
        }
        if (!l.traceId().isEmpty()) {
            doc.put("trace_id", l.traceId().toHex());
        }
        if (!l.spanId().isEmpty()) {
            doc.put("span_id", l.spanId().toHex());
        }
        try {
            String action = "{\"create\":{\"_index\":" + JSON.writeValueAsString(stream) + ",\"_id\":\"" + id + "\"}}\n";
            return new Item(stream, id, (action + JSON.writeValueAsString(doc) + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("log fields of " + b.key() + " cannot be written as JSON", e);
        }
    }

    /** 40 hex digits of SHA-256 over the ledger key and the record's index. */
    static String id(String key, int index) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update((key + "#" + index).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d.digest(), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The index template that makes every {@code logs-edgeobs-*} name a data stream with this mapping. */
    static String indexTemplate() {
        return """
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
    }
}
