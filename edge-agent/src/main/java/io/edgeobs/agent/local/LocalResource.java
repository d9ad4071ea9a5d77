package io.edgeobs.agent.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgeobs.agent.ingest.Accepted;
import io.edgeobs.agent.ingest.BackpressureException;
import io.edgeobs.agent.ingest.Ingest;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Signal;
import io.edgeobs.model.convert.jsonlog.JsonLogConverter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The smallest way in, for shell scripts on the device:
 * <pre>
 *   curl -d '{"name":"pump_temp_celsius","value":41.5,"tags":{"pump":"p1"}}' localhost:8090/local/v1/metrics
 *   curl -d '{"level":"warn","msg":"valve slow","valve":3}' localhost:8090/local/v1/logs
 * </pre>
 * A body is one JSON object or an array of them. The answer (once durable) says how many were accepted and why
 * the others were not; a body that is not JSON is a 400, a full buffer a 503 with {@code Retry-After}.
 */
@Path("/local/v1")
@Consumes(MediaType.WILDCARD) // curl -d sends application/x-www-form-urlencoded: the body is read as JSON whatever it says
@Produces(MediaType.APPLICATION_JSON)
public class LocalResource {

    private final Ingest ingest;
    private final MeterRegistry registry;

    public LocalResource(Ingest ingest, MeterRegistry registry) {
        this.ingest = ingest;
        this.registry = registry;
    }

    @POST
    @Path("/metrics")
    public Uni<Response> metrics(byte[] raw) {
        JsonNode body = parse(raw);
        long now = System.currentTimeMillis() * 1_000_000L;
        List<MetricPoint> points = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (JsonNode item : items(body)) {
            try {
                points.add(LocalMetrics.point(item, now));
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            registry.counter("edgeobs.agent.records.rejected", "signal", "metrics", "reason", "unparsable")
                    .increment(errors.size());
        }
        return answer(ingest.accept(Signal.METRICS, points), errors);
    }

    @POST
    @Path("/logs")
    public Uni<Response> logs(byte[] raw) {
        JsonNode body = parse(raw);
        long now = System.currentTimeMillis() * 1_000_000L;
        List<LogRecord> records = new ArrayList<>();
        for (JsonNode item : items(body)) {
            records.add(JsonLogConverter.convert(item.isTextual() ? item.textValue() : item.toString(), now));
        }
        return answer(ingest.accept(Signal.LOGS, records), List.of());
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static JsonNode parse(byte[] raw) {
        try {
            return raw == null || raw.length == 0 ? null : JSON.readTree(raw);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new LocalRequestException("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new LocalRequestException("the body cannot be read: " + e.getMessage());
        }
    }

    private static List<JsonNode> items(JsonNode body) {
        if (body == null || body.isNull()) {
            throw new LocalRequestException("the body is empty: send a JSON object or an array of them");
        }
        List<JsonNode> items = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(items::add);
        } else {
            items.add(body);
        }
        return items;
    }

    private static Uni<Response> answer(Uni<Accepted> accepted, List<String> parseErrors) {
        return accepted.map(a -> {
            List<String> errors = new ArrayList<>(parseErrors);
            a.violations().forEach(v -> errors.add(v.toString()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("accepted", a.accepted());
            body.put("rejected", a.rejected() + parseErrors.size());
            body.put("errors", errors);
            return Response.ok(body).build();
        }).onFailure(BackpressureException.class).recoverWithItem(e -> Response.status(503)
                .header("Retry-After", Math.max(1, ((BackpressureException) e).retryAfter().toSeconds()))
                .type("application/problem+json")
                .entity(Map.of("title", "the agent's buffer is full", "status", 503, "detail", e.getMessage())).build());
    }
}
