package io.edgeobs.gateway.local;

import io.edgeobs.gateway.auth.Authenticator;
import io.edgeobs.gateway.auth.Credential;
import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.error.GatewayException;
import io.edgeobs.model.Batch;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * {@code GET /local/logs}: the logs a {@code keep_local} rule kept at this gateway. A tenant api-key sees its own
 * tenant's; the admin token sees all (and may narrow with {@code tenant}). Filters: {@code level} (that level and
 * above), {@code contains} (in the message), {@code device}, {@code fleet}, {@code from}/{@code to} (RFC 3339 or epoch
 * milliseconds), {@code limit} (the newest that many).
 */
@Path("/local/logs")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class LocalLogsResource {

    private final LocalLogStore store;
    private final Authenticator auth;
    private final int maxResults;

    public LocalLogsResource(LocalLogStore store, Authenticator auth, GatewayConfig config) {
        this.store = store;
        this.auth = auth;
        this.maxResults = config.local().maxResults();
    }

    @GET
    public Map<String, Object> query(@HeaderParam("Authorization") String authorization,
                                     @QueryParam("tenant") String tenant, @QueryParam("fleet") String fleet,
                                     @QueryParam("device") String device, @QueryParam("level") String level,
                                     @QueryParam("contains") String contains, @QueryParam("from") String from,
                                     @QueryParam("to") String to, @QueryParam("limit") Integer limit) {
        String onlyTenant;
        if (auth.isAdmin(authorization)) {
            onlyTenant = tenant;
        } else {
            Credential c = auth.authenticate(authorization, Credential.Kind.API_KEY);
            if (tenant != null && !tenant.equals(c.tenant())) {
                throw new GatewayException.Forbidden("this api-key belongs to tenant " + c.tenant() + ", not " + tenant);
            }
            onlyTenant = c.tenant();
        }
        int n = limit == null ? maxResults : limit;
        if (n < 1 || n > maxResults) {
            throw new GatewayException.BadRequest("limit must be 1 to " + maxResults + ", was " + n);
        }
        Optional<LogLevel> min = Optional.ofNullable(level).map(l -> LogLevel.parse(l).orElseThrow(() ->
                new GatewayException.BadRequest("level '" + l + "' is not a log level (trace, debug, info, warn, error, fatal)")));
        long fromNanos = time(from, "from", Long.MIN_VALUE);
        long toNanos = time(to, "to", Long.MAX_VALUE);
        if (fromNanos > toNanos) {
            throw new GatewayException.BadRequest("from is after to");
        }
        Predicate<Batch> batches = b -> (onlyTenant == null || b.resource().tenant().equals(onlyTenant))
                && (fleet == null || b.resource().fleet().equals(fleet))
                && (device == null || b.resource().deviceId().equals(device));
        Predicate<LogRecord> records = r -> (min.isEmpty() || r.level().ordinal() >= min.get().ordinal())
                && (contains == null || r.message().contains(contains))
                && r.timestampUnixNanos() >= fromNanos && r.timestampUnixNanos() <= toNanos;
        List<Map<String, Object>> found = store.query(batches, records, n).stream().map(LocalLogsResource::view).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", found.size());
        out.put("records", found);
        return out;
    }

    private static Map<String, Object> view(LocalLogStore.Found f) {
        LogRecord r = f.record();
        Map<String, Object> m = new LinkedHashMap<>();
        long t = r.timestampUnixNanos();
        m.put("time", Instant.ofEpochSecond(Math.floorDiv(t, 1_000_000_000L), Math.floorMod(t, 1_000_000_000L)).toString());
        m.put("level", r.level().name().toLowerCase(java.util.Locale.ROOT));
        m.put("message", r.message());
        m.put("fields", r.fields());
        m.put("trace_id", r.traceId().isEmpty() ? null : r.traceId().toHex());
        m.put("span_id", r.spanId().isEmpty() ? null : r.spanId().toHex());
        m.put("tenant", f.batch().resource().tenant());
        m.put("fleet", f.batch().resource().fleet());
        m.put("device_id", f.batch().resource().deviceId());
        m.put("device_type", f.batch().resource().deviceType());
        return m;
    }

    private static long time(String s, String name, long absent) {
        if (s == null || s.isBlank()) {
            return absent;
        }
        try {
            if (s.chars().allMatch(Character::isDigit)) {
                return Long.parseLong(s) * 1_000_000L;
            }
            Instant t = Instant.parse(s);
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new GatewayException.BadRequest(name + " must be an RFC 3339 time (2026-12-02T10:00:00Z) or epoch "
                    + "milliseconds, was '" + s + "'");
        }
    }
}
