package io.edgeobs.query.logs;

import io.edgeobs.query.auth.Caller;
import io.edgeobs.query.config.QueryConfig;
import jakarta.inject.Named;
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
import org.jboss.logging.Logger;

import java.time.Instant;

/**
 * {@code GET /api/v1/logs}: the caller's tenant's logs, newest first, filtered by full text, level, device,
 * structured fields ({@code fields.<key>=<value>}, repeatable), trace id and time, in pages linked by an opaque
 * cursor. The same answer from PostgreSQL or OpenSearch, whichever is configured.
 */
@Path("/api/v1/logs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "logs")
public class LogsResource {

    private static final Logger LOG = Logger.getLogger(LogsResource.class);

    private final Caller caller;
    private final QueryConfig config;
    private final LogStore store;

    public LogsResource(Caller caller, QueryConfig config, @Named("configuredLogStore") LogStore store) {
        this.caller = caller;
        this.config = config;
        this.store = store;
    }

    @GET
    @Operation(summary = "Search logs: full text, level, device, fields.<key>=<value>, trace id, time; newest first, "
            + "cursor pagination")
    public LogPage search(
            @Parameter(description = "words that must all occur in the message") @QueryParam("q") String q,
            @Parameter(description = "lowest level (warn: warn, error, fatal) or a comma list (warn,error)")
            @QueryParam("level") String level,
            @Parameter(description = "device id") @QueryParam("device") String device,
            @Parameter(description = "trace id, 32 hex digits") @QueryParam("traceId") String traceId,
            @Parameter(description = "start, inclusive (RFC 3339, Unix s or ms, now-1h); default to minus 1h")
            @QueryParam("from") String from,
            @Parameter(description = "end, exclusive; default now") @QueryParam("to") String to,
            @Parameter(description = "records per page, 1 to edgeobs.query.logs.max-limit")
            @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Context UriInfo uri) {
        LogQuery query = LogQuery.parse(caller.tenant(), uri.getQueryParameters(), Instant.now(), config, store.name());
        LogPage page = store.search(query);
        LOG.debugf("log search of tenant %s in %s: %d records, more: %s", query.tenant(), store.name(),
                page.logs().size(), page.nextCursor() != null);
        return page;
    }
}
