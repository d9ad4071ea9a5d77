package io.edgeobs.query.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeobs.query.config.QueryConfig;
import io.edgeobs.query.logs.LogQuery.FieldMatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Log search on the OpenSearch data streams the ingest service writes ({@code logs-edgeobs-<tenant>}, documents
 * with {@code @timestamp} in ns, {@code tenant}, {@code device_id}, {@code level} by name, {@code message},
 * {@code fields} as {@code flat_object}, {@code trace_id}, {@code span_id}), over the REST API with the JDK client.
 * Every query filters on the {@code tenant} term besides addressing the tenant's stream. Order:
 * {@code @timestamp DESC, device_id DESC, _id DESC}, paged with {@code search_after} (ADR 0063).
 */
@ApplicationScoped
public class OpenSearchLogStore implements LogStore {

    private static final Logger LOG = Logger.getLogger(OpenSearchLogStore.class);
    static final String NAME = "opensearch";
    static final String STREAM_PREFIX = "logs-edgeobs-";

    private final URI base;
    private final Duration timeout;
    private final ObjectMapper json;
    private final HttpClient http;

    public OpenSearchLogStore(QueryConfig config, ObjectMapper json) {
        String url = config.logs().opensearch().url();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.timeout = config.logs().opensearch().timeout();
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The tenant's data stream, named as the ingest service names it (its LogDocuments.stream). */
    static String stream(String tenant) {
        String t = tenant.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "_");
        if (t.startsWith("_") || t.startsWith("-") || t.startsWith(".")) {
            t = "t" + t;
        }
        return STREAM_PREFIX + t;
    }

    @Override
    public LogPage search(LogQuery q) {
        ArrayNode filter = json.createArrayNode();
        filter.add(term("tenant", q.tenant()));
        filter.add(range(q.from(), q.to(), "lt"));
        if (!q.levels().isEmpty()) {
            ArrayNode names = json.createArrayNode();
            q.levels().forEach(l -> names.add(LogLevels.name(l)));
            filter.addObject().putObject("terms").set("level", names);
        }
        if (q.deviceId() != null) {
            filter.add(term("device_id", q.deviceId()));
        }
        if (q.traceId() != null) {
            filter.add(term("trace_id", q.traceId()));
        }
        for (FieldMatch f : q.fields()) {
            filter.add(term("fields." + f.key(), f.value()));
        }
        ObjectNode bool = json.createObjectNode();
        bool.set("filter", filter);
        if (q.text() != null) {
            bool.putArray("must").addObject().putObject("match").putObject("message")
                    .put("query", q.text()).put("operator", "and");
        }
        ObjectNode body = json.createObjectNode();
        body.put("size", q.limit() + 1);
        body.put("track_total_hits", false);
        body.putObject("query").set("bool", bool);
        ArrayNode sort = body.putArray("sort");
        sort.addObject().putObject("@timestamp").put("order", "desc");
        sort.addObject().putObject("device_id").put("order", "desc");
        sort.addObject().putObject("_id").put("order", "desc");
        if (q.cursor() != null) {
            body.putArray("search_after").add(q.cursor().tsUnixNano()).add(q.cursor().deviceId()).add(q.cursor().tieBreak());
        }
        JsonNode answer = post(q.tenant(), "_search", body);
        List<LogPaging.Row> rows = new ArrayList<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            rows.add(row(hit));
        }
        return LogPaging.page(rows, q, NAME);
    }

    private LogPaging.Row row(JsonNode hit) {
        JsonNode s = hit.path("_source");
        Instant ts = Instant.parse(s.path("@timestamp").asText());
        JsonNode fields = s.path("fields");
        LogEntry e = new LogEntry(LogEntry.format(ts), LogEntry.unixNanos(ts), s.path("device_id").asText(),
                s.path("level").asText(LogLevels.name(0)), s.path("message").asText(""),
                fields.isObject() ? fields : json.createObjectNode(), text(s, "trace_id"), text(s, "span_id"));
        return new LogPaging.Row(e, hit.path("_id").asText());
    }

    private static String text(JsonNode s, String field) {
        JsonNode v = s.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    @Override
    public Counts count(String tenant, String deviceId, Instant from, Instant to) {
        ArrayNode filter = json.createArrayNode().add(term("tenant", tenant)).add(term("device_id", deviceId))
                .add(range(from, to, "lte"));
        ObjectNode all = json.createObjectNode();
        all.putObject("query").putObject("bool").set("filter", filter);
        long logs = post(tenant, "_count", all).path("count").asLong();
        ObjectNode errors = all.deepCopy();
        ArrayNode levels = json.createArrayNode().add("error").add("fatal");
        ((ArrayNode) errors.path("query").path("bool").path("filter")).addObject().putObject("terms").set("level", levels);
        return new Counts(logs, post(tenant, "_count", errors).path("count").asLong());
    }

    @Override
    public Instant lastLog(String tenant, String deviceId) {
        ObjectNode body = json.createObjectNode();
        body.put("size", 1);
        body.putArray("_source").add("@timestamp");
        body.putObject("query").putObject("bool").putArray("filter").add(term("tenant", tenant))
                .add(term("device_id", deviceId));
        body.putArray("sort").addObject().putObject("@timestamp").put("order", "desc");
        JsonNode hits = post(tenant, "_search", body).path("hits").path("hits");
        return hits.isEmpty() ? null : Instant.parse(hits.get(0).path("_source").path("@timestamp").asText());
    }

    private ObjectNode term(String field, String value) {
        ObjectNode n = json.createObjectNode();
        n.putObject("term").put(field, value);
        return n;
    }

    private ObjectNode range(Instant from, Instant to, String upper) {
        ObjectNode n = json.createObjectNode();
        n.putObject("range").putObject("@timestamp").put("gte", from.toString()).put(upper, to.toString())
                .put("format", "strict_date_optional_time_nanos");
        return n;
    }

    /** A request to the tenant's stream; a stream that does not exist yet answers as empty. */
    private JsonNode post(String tenant, String endpoint, ObjectNode body) {
        String index = URLEncoder.encode(stream(tenant), StandardCharsets.UTF_8);
        URI uri = base.resolve(index + "/" + endpoint + "?ignore_unavailable=true&allow_no_indices=true");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<byte[]> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            LOG.errorf("OpenSearch at %s unreachable for a %s of tenant %s: %s", base, endpoint, tenant, e.toString());
            throw new LogBackendException("the log store (OpenSearch) is unreachable; try again later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LogBackendException("interrupted while searching logs");
        }
        if (r.statusCode() != 200) {
            String text = new String(r.body(), StandardCharsets.UTF_8);
            LOG.errorf("OpenSearch refused a %s on %s with %d: %s", endpoint, index, r.statusCode(),
                    text.length() > 1000 ? text.substring(0, 1000) : text);
            throw new LogBackendException("the log store (OpenSearch) refused the search with " + r.statusCode());
        }
        try {
            return json.readTree(r.body());
        } catch (IOException e) {
            throw new LogBackendException("the log store (OpenSearch) answered unreadable JSON");
        }
    }
}
