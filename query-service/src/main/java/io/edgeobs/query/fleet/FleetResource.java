package io.edgeobs.query.fleet;

import io.edgeobs.query.api.Params;
import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.auth.Caller;
import io.edgeobs.query.config.QueryConfig;
import io.edgeobs.query.logs.LogStore;
import jakarta.inject.Named;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The fleet view of the caller's tenant: devices with their health status and its reasons, one device with a
 * summary of what it sent in the last hour, and the gateways the devices came through.
 */
@Path("/api/v1/fleet")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "fleet")
public class FleetResource {

    private static final Logger LOG = Logger.getLogger(FleetResource.class);
    private static final Duration SUMMARY_WINDOW = Duration.ofHours(1);

    private final Caller caller;
    private final FleetStore store;
    private final LogStore logs;
    private final QueryConfig config;

    public FleetResource(Caller caller, FleetStore store, @Named("configuredLogStore") LogStore logs,
                         QueryConfig config) {
        this.caller = caller;
        this.store = store;
        this.logs = logs;
        this.config = config;
    }

    /** A page of devices, the counts by status of all the tenant's devices (of the fleet asked), the thresholds. */
    public record DevicePage(List<Device> devices, String nextCursor, Map<String, Long> summary,
                             Map<String, Object> thresholds) {
    }

    /** What one device sent: series it ever made, logs, error logs (error and fatal) and spans in the last hour. */
    public record ActivitySummary(String since, long metricSeries, long logsLastHour, long errorLogsLastHour,
                                  long spansLastHour, String lastLogAt) {
    }

    public record DeviceDetail(Device device, ActivitySummary summary) {
    }

    @GET
    @Path("/devices")
    @Operation(summary = "The tenant's devices with health status (ok, degraded, silent, unknown) and reasons, "
            + "counts by status, paged by cursor; status may be a comma list (degraded,silent)")
    public DevicePage devices(@QueryParam("fleet") String fleet, @QueryParam("status") String status,
                              @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QueryConfig.Fleet f = config.fleet();
        int size = Params.limit("limit", integer(limit), f.defaultLimit(), f.maxLimit());
        List<String> wanted = statuses(status);
        String fleetName = fleet == null || fleet.isBlank() ? null : fleet.trim();
        String tenant = caller.tenant();
        List<Device> rows = store.list(tenant, fleetName, wanted, decode(cursor), size + 1, now);
        List<Device> page = rows.size() > size ? rows.subList(0, size) : rows;
        String next = rows.size() > size ? encode(page.get(page.size() - 1).deviceId()) : null;
        Map<String, Object> thresholds = Map.of("silentAfter", f.silentAfter().toString(),
                "bufferPercent", f.bufferPercent(), "droppedRecords", f.droppedRecords(), "exportLag", f.exportLag());
        LOG.debugf("fleet of tenant %s: %d devices on this page", tenant, page.size());
        return new DevicePage(page, next, store.summary(tenant, fleetName, now), thresholds);
    }

    @GET
    @Path("/devices/{deviceId}")
    @Operation(summary = "One device of the tenant with a summary of the last hour; 404 if the tenant has no such device")
    public DeviceDetail device(@PathParam("deviceId") String deviceId) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String tenant = caller.tenant();
        Device d = store.device(tenant, deviceId, now)
                .orElseThrow(() -> new QueryException.NotFound("no device '" + deviceId + "' in this tenant"));
        Instant since = now.minus(SUMMARY_WINDOW);
        long[] seriesAndSpans = store.seriesAndSpans(tenant, deviceId, since, now);
        LogStore.Counts counts = logs.count(tenant, deviceId, since, now);
        Instant last = logs.lastLog(tenant, deviceId);
        return new DeviceDetail(d, new ActivitySummary(since.toString(), seriesAndSpans[0], counts.logs(),
                counts.errors(), seriesAndSpans[1], last == null ? null : last.toString()));
    }

    @GET
    @Path("/gateways")
    @Operation(summary = "Gateways the tenant's devices came through, with device counts by status and last seen")
    public List<Gateway> gateways(@QueryParam("limit") String limit) {
        int size = Params.limit("limit", integer(limit), config.fleet().maxLimit(), config.fleet().maxLimit());
        return store.gateways(caller.tenant(), size, Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private static Integer integer(String limit) {
        if (limit == null || limit.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(limit.trim());
        } catch (NumberFormatException e) {
            throw new QueryException.BadParameter("limit", "not a number: '" + limit + "'");
        }
    }

    /** The statuses asked for: one, or a comma list; null for all. */
    private static List<String> statuses(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        List<String> wanted = new java.util.ArrayList<>();
        for (String part : status.split(",")) {
            String s = part.trim();
            if (!DeviceHealth.STATUSES.contains(s)) {
                throw new QueryException.BadParameter("status", "unknown status '" + s + "'; give one of "
                        + String.join(", ", DeviceHealth.STATUSES) + ", or a comma list of them");
            }
            wanted.add(s);
        }
        return List.copyOf(wanted);
    }

    private static String encode(String deviceId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("d1\n" + deviceId).getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            if (s.startsWith("d1\n")) {
                return s.substring(3);
            }
        } catch (IllegalArgumentException e) {
            // falls through to the 400
        }
        throw new QueryException.BadParameter("cursor", "not a cursor of this API; pass the nextCursor of the "
                + "previous page unchanged");
    }
}
