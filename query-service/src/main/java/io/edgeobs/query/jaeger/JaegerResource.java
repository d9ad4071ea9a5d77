package io.edgeobs.query.jaeger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.auth.Caller;
import io.edgeobs.query.config.QueryConfig;
import io.edgeobs.query.jaeger.JaegerModel.Envelope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static io.edgeobs.query.jaeger.JaegerRequests.present;

/**
 * Jaeger's v1 HTTP JSON query API, as the Jaeger UI and Grafana's Jaeger data source call it: services, operations,
 * trace search and lookup, dependencies. Answers in Jaeger's {@code {data, total, limit, offset, errors}} envelope;
 * an unknown trace id is a 404 in that envelope; bad parameters are 400 problem details naming the parameter.
 * Everything is read in the caller's tenant.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jaeger", description = "Jaeger-compatible query API (v1 JSON and v3 OTLP JSON)")
public class JaegerResource {

    private static final Logger LOG = Logger.getLogger(JaegerResource.class);
    static final String NOT_FOUND = "trace not found";

    private final TraceStore store;
    private final Caller caller;
    private final QueryConfig config;
    private final ObjectMapper json;

    public JaegerResource(TraceStore store, Caller caller, QueryConfig config, ObjectMapper json) {
        this.store = store;
        this.caller = caller;
        this.config = config;
        this.json = json;
    }

    @GET
    @Path("/services")
    @Operation(summary = "Services that have spans (Jaeger v1)")
    public Envelope services() {
        return Envelope.of(store.services(caller.tenant()));
    }

    @GET
    @Path("/services/{service}/operations")
    @Operation(summary = "Operation names of a service (Jaeger v1, legacy form)")
    public Envelope serviceOperations(@PathParam("service") String service) {
        Set<String> names = new LinkedHashSet<>();
        store.operations(caller.tenant(), service, null).forEach(o -> names.add(o.name()));
        return Envelope.of(new ArrayList<>(names));
    }

    @GET
    @Path("/operations")
    @Operation(summary = "Operations of a service with their span kind (Jaeger v1)")
    public Envelope operations(@QueryParam("service") String service, @QueryParam("spanKind") String spanKind) {
        if (!present(service)) {
            throw new QueryException.BadParameter("service", "required: the service whose "
                    + "operations to list");
        }
        String kind = JaegerRequests.spanKind("spanKind", spanKind);
        List<JaegerModel.Operation> ops = store.operations(caller.tenant(), service, kind).stream()
                .map(o -> new JaegerModel.Operation(o.name(), "unspecified".equals(o.spanKind()) ? "" : o.spanKind()))
                .toList();
        return Envelope.of(ops);
    }

    @GET
    @Path("/traces/{traceID}")
    @Operation(summary = "One trace by id (Jaeger v1); start and end (µs or ms) narrow the search")
    public Response trace(@PathParam("traceID") String traceId, @QueryParam("start") String start,
                          @QueryParam("end") String end) {
        String id = JaegerRequests.traceId("traceID", traceId);
        Window w = lookupWindow(start, end);
        List<TraceStore.TraceSpans> found = store.traces(caller.tenant(), List.of(id), w.from, w.to,
                config.jaeger().maxSpansPerTrace());
        if (found.isEmpty()) {
            LOG.debugf("trace %s not found in tenant %s", id, caller.tenant());
            return Response.status(404).type(MediaType.APPLICATION_JSON).entity(new Envelope(null, 0, 0, 0,
                    List.of(new JaegerModel.Error(404, NOT_FOUND, null)))).build();
        }
        return Response.ok(Envelope.of(List.of(toTrace(found.get(0))))).build();
    }

    @GET
    @Path("/traces")
    @Operation(summary = "Search traces, or look up several by repeated traceID (Jaeger v1)")
    public Envelope search(@QueryParam("service") String service, @QueryParam("operation") String operation,
                           @QueryParam("tag") List<String> tag, @QueryParam("tags") List<String> tags,
                           @QueryParam("start") String start, @QueryParam("end") String end,
                           @QueryParam("minDuration") String minDuration, @QueryParam("maxDuration") String maxDuration,
                           @QueryParam("limit") String limit, @QueryParam("lookback") String lookback,
                           @QueryParam("traceID") List<String> traceIds) {
        if (traceIds != null && !traceIds.isEmpty()) {
            return lookup(traceIds, start, end);
        }
        QueryConfig.Jaeger cfg = config.jaeger();
        Instant endAt = JaegerRequests.micros("end", end, Instant.now());
        Duration back = JaegerRequests.lookback("lookback", lookback);
        Instant startAt = JaegerRequests.micros("start", start,
                endAt.minus(back == null ? cfg.defaultLookback() : back));
        JaegerRequests.range("start", startAt, endAt, config.maxRange());
        Long min = JaegerRequests.goDuration("minDuration", minDuration);
        Long max = JaegerRequests.goDuration("maxDuration", maxDuration);
        JaegerRequests.durations("maxDuration", min, max);
        TraceQuery q = new TraceQuery(present(service) ? service : null, present(operation) ? operation : null,
                JaegerRequests.tags(tag, tags, "tags", json), startAt, endAt, min, max,
                JaegerRequests.limit("limit", limit, cfg.defaultLimit(), cfg.maxLimit()));
        List<String> ids = store.findTraceIds(caller.tenant(), q);
        List<JaegerModel.Trace> traces = store.traces(caller.tenant(), ids, null, null, cfg.maxSpansPerTrace())
                .stream().map(this::toTrace).toList();
        return Envelope.of(traces);
    }

    private Envelope lookup(List<String> rawIds, String start, String end) {
        Set<String> ids = new LinkedHashSet<>();
        for (String raw : rawIds) {
            ids.add(JaegerRequests.traceId("traceID", raw));
        }
        if (ids.size() > config.jaeger().maxLimit()) {
            throw new QueryException.BadParameter("traceID", "at most "
                    + config.jaeger().maxLimit() + " ids per request, got " + ids.size());
        }
        Window w = lookupWindow(start, end);
        List<TraceStore.TraceSpans> found = store.traces(caller.tenant(), new ArrayList<>(ids), w.from, w.to,
                config.jaeger().maxSpansPerTrace());
        List<JaegerModel.Trace> traces = found.stream().map(this::toTrace).toList();
        Set<String> missing = new LinkedHashSet<>(ids);
        found.forEach(t -> missing.remove(t.traceId()));
        List<JaegerModel.Error> errors = missing.stream()
                .map(id -> new JaegerModel.Error(404, NOT_FOUND, id)).toList();
        return new Envelope(traces, traces.size(), 0, 0, errors.isEmpty() ? null : errors);
    }

    @GET
    @Path("/dependencies")
    @Operation(summary = "Calls between services from parent-child spans (Jaeger v1); endTs and lookback in ms,"
            + " service to keep only the calls from or to it")
    public Envelope dependencies(@QueryParam("endTs") String endTs, @QueryParam("lookback") String lookback,
                                 @QueryParam("service") String service) {
        Instant end = present(endTs) ? Instant.ofEpochMilli(millis("endTs", endTs)) : Instant.now();
        Duration back = present(lookback) ? Duration.ofMillis(millis("lookback", lookback))
                : config.jaeger().dependenciesLookback();
        if (back.isZero()) {
            throw new QueryException.BadParameter("lookback", "must be positive");
        }
        Instant start = end.minus(back);
        JaegerRequests.range("lookback", start, end, config.maxRange());
        List<JaegerModel.Dependency> deps = store.dependencies(caller.tenant(), start, end,
                        present(service) ? service : null).stream()
                .map(d -> new JaegerModel.Dependency(d.parent(), d.child(), d.callCount())).toList();
        return Envelope.of(deps);
    }

    private static long millis(String param, String text) {
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0) {
                throw new QueryException.BadParameter(param, "must not be negative, was " + v);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new QueryException.BadParameter(param, "not an integer number of "
                    + "milliseconds: " + text);
        }
    }

    private record Window(Instant from, Instant to) {
    }

    /** Optional bounds of a lookup by id: none, or the ones given (an open side stays open). */
    static Window lookupWindow(String start, String end) {
        if (!present(start) && !present(end)) {
            return new Window(null, null);
        }
        Instant from = JaegerRequests.micros("start", start, Instant.EPOCH);
        Instant to = JaegerRequests.micros("end", end, FAR_FUTURE);
        if (from.isAfter(to)) {
            throw new QueryException.BadParameter("start", "must not be after end");
        }
        return new Window(from, to);
    }

    static final Instant FAR_FUTURE = Instant.parse("9999-12-31T23:59:59Z");

    JaegerModel.Trace toTrace(TraceStore.TraceSpans t) {
        String warning = null;
        if (t.truncated()) {
            warning = "trace has " + t.total() + " spans; only the first " + t.spans().size()
                    + " by start time are returned (edgeobs.query.jaeger.max-spans-per-trace)";
            LOG.infof("trace %s of tenant %s cut to %d of %d spans", t.traceId(), caller.tenant(), t.spans().size(),
                    t.total());
        }
        return JaegerTraces.trace(t.traceId(), t.spans(), warning);
    }
}
