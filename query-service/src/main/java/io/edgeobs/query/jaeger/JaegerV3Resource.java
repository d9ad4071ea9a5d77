package io.edgeobs.query.jaeger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.auth.Caller;
import io.edgeobs.query.config.QueryConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.edgeobs.query.jaeger.JaegerRequests.present;

/**
 * Jaeger's API v3 over HTTP (its gRPC gateway's JSON), used by current Jaeger UI releases and by Grafana's Jaeger data
 * source in its gRPC mode: services, operations, trace summaries, and traces as OTLP JSON. Query parameters are
 * accepted in both of Jaeger's spellings ({@code query.serviceName} and {@code query.service_name}). A trace that is
 * not found is 404 with Jaeger's gateway error body; bad parameters are 400 problem details.
 */
@Path("/api/v3")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jaeger", description = "Jaeger-compatible query API (v1 JSON and v3 OTLP JSON)")
public class JaegerV3Resource {

    private static final Logger LOG = Logger.getLogger(JaegerV3Resource.class);
    /** Jaeger's default search depth when a v3 search gives none. */
    static final int DEFAULT_SEARCH_DEPTH = 100;

    private final TraceStore store;
    private final Caller caller;
    private final QueryConfig config;
    private final ObjectMapper json;
    private final TraceSummaries summaries = new TraceSummaries();

    public JaegerV3Resource(TraceStore store, Caller caller, QueryConfig config, ObjectMapper json) {
        this.store = store;
        this.caller = caller;
        this.config = config;
        this.json = json;
    }

    public record Services(List<String> services) {
    }

    public record Operations(List<JaegerModel.Operation> operations) {
    }

    @GET
    @Path("/services")
    @Operation(summary = "Services that have spans (Jaeger v3)")
    public Services services() {
        return new Services(store.services(caller.tenant()));
    }

    @GET
    @Path("/operations")
    @Operation(summary = "Operations of a service with their span kind (Jaeger v3)")
    public Operations operations(@Context UriInfo uri) {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        String service = q.getFirst("service");
        if (!present(service)) {
            throw new QueryException.BadParameter("service", "required: the service whose operations to list");
        }
        String kindParam = present(q.getFirst("spanKind")) ? "spanKind" : "span_kind";
        String kind = JaegerRequests.spanKind(kindParam, q.getFirst(kindParam));
        return new Operations(store.operations(caller.tenant(), service, kind).stream()
                .map(o -> new JaegerModel.Operation(o.name(), "unspecified".equals(o.spanKind()) ? "internal"
                        : o.spanKind()))
                .toList());
    }

    @GET
    @Path("/traces/{trace_id}")
    @Operation(summary = "One trace by id as OTLP JSON (Jaeger v3); startTime/endTime (RFC 3339) narrow the search")
    public Response trace(@PathParam("trace_id") String traceId, @Context UriInfo uri) {
        String id = JaegerRequests.traceId("trace_id", traceId);
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        Param start = Param.of(q, "startTime", "start_time");
        Param end = Param.of(q, "endTime", "end_time");
        Instant from = null;
        Instant to = null;
        if (start.present() || end.present()) {
            from = start.present() ? JaegerRequests.rfc3339(start.name(), start.value()) : Instant.EPOCH;
            to = end.present() ? JaegerRequests.rfc3339(end.name(), end.value()) : JaegerResource.FAR_FUTURE;
        }
        List<TraceStore.TraceSpans> found = store.traces(caller.tenant(), List.of(id), from, to,
                config.jaeger().maxSpansPerTrace());
        if (found.isEmpty()) {
            LOG.debugf("trace %s not found in tenant %s", id, caller.tenant());
            return notFound("No traces found");
        }
        return Response.ok(result(found)).build();
    }

    @GET
    @Path("/traces")
    @Operation(summary = "Search traces, answered as OTLP JSON (Jaeger v3)")
    public ObjectNode findTraces(@Context UriInfo uri) {
        return result(store.traces(caller.tenant(), findIds(uri), null, null, config.jaeger().maxSpansPerTrace()));
    }

    @GET
    @Path("/trace-summaries")
    @Operation(summary = "Search traces, answered as one summary per trace (Jaeger v3, used by the Jaeger UI)")
    public TraceSummaries.Response traceSummaries(@Context UriInfo uri) {
        return summaries.of(store.traces(caller.tenant(), findIds(uri), null, null,
                config.jaeger().maxSpansPerTrace()));
    }

    private List<String> findIds(UriInfo uri) {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        Param service = Param.of(q, "query.serviceName", "query.service_name");
        Param operation = Param.of(q, "query.operationName", "query.operation_name");
        Param min = Param.of(q, "query.startTimeMin", "query.start_time_min");
        Param max = Param.of(q, "query.startTimeMax", "query.start_time_max");
        Param dMin = Param.of(q, "query.durationMin", "query.duration_min");
        Param dMax = Param.of(q, "query.durationMax", "query.duration_max");
        Param depth = Param.of(q, "query.searchDepth", "query.search_depth");
        if (!depth.present()) {
            depth = Param.of(q, "query.num_traces", "query.numTraces");
        }
        if (!min.present()) {
            throw new QueryException.BadParameter(min.name(), "required: the earliest span start, RFC 3339");
        }
        if (!max.present()) {
            throw new QueryException.BadParameter(max.name(), "required: the latest span start, RFC 3339");
        }
        Instant from = JaegerRequests.rfc3339(min.name(), min.value());
        Instant to = JaegerRequests.rfc3339(max.name(), max.value());
        JaegerRequests.range(min.name(), from, to, config.maxRange());
        Long durationMin = JaegerRequests.goDuration(dMin.name(), dMin.value());
        Long durationMax = JaegerRequests.goDuration(dMax.name(), dMax.value());
        JaegerRequests.durations(dMax.name(), durationMin, durationMax);
        String attributes = q.getFirst("query.attributes");
        Map<String, String> tags = present(attributes)
                ? JaegerRequests.jsonTags("query.attributes", attributes, json) : Map.of();
        int limit = JaegerRequests.limit(depth.name(), depth.value(),
                Math.min(DEFAULT_SEARCH_DEPTH, config.jaeger().maxLimit()), config.jaeger().maxLimit());
        return store.findTraceIds(caller.tenant(), new TraceQuery(service.present() ? service.value() : null,
                operation.present() ? operation.value() : null, tags, from, to, durationMin, durationMax, limit));
    }

    private ObjectNode result(List<TraceStore.TraceSpans> traces) {
        ObjectNode body = json.createObjectNode();
        ArrayNode resourceSpans = body.putObject("result").putArray("resourceSpans");
        for (TraceStore.TraceSpans t : traces) {
            String warning = null;
            if (t.truncated()) {
                warning = "trace has " + t.total() + " spans; only the first " + t.spans().size()
                        + " by start time are returned (edgeobs.query.jaeger.max-spans-per-trace)";
                LOG.infof("trace %s of tenant %s cut to %d of %d spans", t.traceId(), caller.tenant(),
                        t.spans().size(), t.total());
            }
            OtlpTraces.append(resourceSpans, t.spans(), warning);
        }
        return body;
    }

    /** Jaeger's gateway error body: {@code {"error":{"httpCode":404,"message":"..."}}}. */
    private Response notFound(String message) {
        ObjectNode body = json.createObjectNode();
        body.putObject("error").put("httpCode", 404).put("message", message);
        return Response.status(404).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    /** A query parameter under Jaeger's canonical name or its deprecated snake_case alias. */
    private record Param(String name, String value) {
        static Param of(MultivaluedMap<String, String> q, String canonical, String alias) {
            String v = q.getFirst(canonical);
            if (JaegerRequests.present(v)) {
                return new Param(canonical, v);
            }
            String a = q.getFirst(alias);
            return new Param(JaegerRequests.present(a) ? alias : canonical, a);
        }

        boolean present() {
            return JaegerRequests.present(value);
        }
    }
}
