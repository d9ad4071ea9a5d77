package io.edgeobs.query.metrics;

import io.edgeobs.query.api.Params;
import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.auth.Caller;
import io.edgeobs.query.config.QueryConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The metrics API: metric names, their tags, and series queries bucketed by step and aggregated over time and
 * across the series of each group, from raw points or the rollups (ADR 0062). Viewer role; the caller's tenant only.
 */
@Path("/api/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "metrics")
public class MetricsResource {

    private final Caller caller;
    private final MetricsStore store;
    private final QueryConfig config;

    public MetricsResource(Caller caller, MetricsStore store, QueryConfig config) {
        this.caller = caller;
        this.store = store;
        this.config = config;
    }

    @GET
    @Path("/names")
    @Operation(summary = "Metric names, sorted, optionally starting with a prefix or of one device")
    public MetricsResponses.Names names(@QueryParam("match") @Parameter(description = "name prefix") String match,
                                        @QueryParam("device") String device, @QueryParam("limit") Integer limit) {
        int max = config.metrics().maxNames();
        return store.names(caller.tenant(), blankToNull(match), blankToNull(device), Params.limit("limit", limit, max, max));
    }

    @GET
    @Path("/tags")
    @Operation(summary = "Tag keys of a metric with their values (device_id included), values capped per key")
    public MetricsResponses.Tags tags(@QueryParam("name") String name, @QueryParam("device") String device) {
        if (blankToNull(name) == null) {
            throw new QueryException.BadParameter("name", "missing; give the metric name");
        }
        return store.tags(caller.tenant(), name.trim(), blankToNull(device));
    }

    @GET
    @Path("/query")
    @Operation(summary = "Series of a metric bucketed by step (avg, min, max, sum, count, last or reset-aware rate), "
            + "grouped by tags, from raw points, metrics_1m or metrics_1h (named in the answer). Filter by tag with "
            + "tag.<key>=<value> (repeatable; several values of one key match any) or tag.<key>=~<regex> (anchored)")
    public MetricsResponses.Query query(@Context UriInfo uri,
                                        @QueryParam("name") @Parameter(description = "metric name") String name,
                                        @QueryParam("from") @Parameter(description = "RFC 3339, unix s or ms, now-1h; default to - 1h") String from,
                                        @QueryParam("to") @Parameter(description = "default now") String to,
                                        @QueryParam("step") @Parameter(description = "whole seconds, e.g. 60s, 5m; default range / 300, rounded") String step,
                                        @QueryParam("agg") @Parameter(description = "avg (default), min, max, sum, count, last, rate") String agg,
                                        @QueryParam("device") String device,
                                        @QueryParam("groupBy") @Parameter(description = "comma-separated tag keys") String groupBy,
                                        @QueryParam("source") @Parameter(description = "auto (default), raw, 1m, 1h") String source) {
        // the named parameters above document the API (OpenAPI); the parser reads them, and tag.<key>, from the URI
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        MetricQuery q = new MetricQueryParser(config).parse(uri.getQueryParameters(), now);
        return store.query(caller.tenant(), q);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
