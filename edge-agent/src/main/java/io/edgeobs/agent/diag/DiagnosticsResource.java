package io.edgeobs.agent.diag;

import io.edgeobs.agent.local.LocalRequestException;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanEvent;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Local diagnostics for a technician on the device, with no link to the cloud: what the agent holds, delivered or
 * not. {@code from}/{@code to} take RFC 3339 times, epoch milliseconds or {@code -15m}-style offsets from now
 * (default: the last hour); {@code limit} is 1 to {@value #MAX_LIMIT} (default {@value #DEFAULT_LIMIT}).
 */
@Path("/local")
@Produces(MediaType.APPLICATION_JSON)
public class DiagnosticsResource {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 5_000;
    private static final Pattern RELATIVE = Pattern.compile("-(\\d+)(ms|s|m|h|d)");
    private static final Pattern HEX_TRACE_ID = Pattern.compile("[0-9a-fA-F]{32}");

    private final LocalQueries queries;

    public DiagnosticsResource(LocalQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/metrics")
    public Map<String, Object> metrics(@QueryParam("name") String name, @QueryParam("tags") String tags,
                                       @QueryParam("from") String from, @QueryParam("to") String to,
                                       @QueryParam("limit") String limit) {
        long[] range = range(from, to);
        LocalQueries.Result<MetricPoint> r = queries.metrics(namePredicate(name), tags(tags), range[0], range[1],
                limit(limit));
        return envelope(r, f -> {
            MetricPoint p = f.record();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("value", p.value());
            m.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
            m.put("unit", p.unit());
            m.put("time", time(p.timestampUnixNanos()));
            m.put("tags", p.tags());
            m.put("delivered", f.delivered());
            return m;
        });
    }

    @GET
    @Path("/logs")
    public Map<String, Object> logs(@QueryParam("level") String level, @QueryParam("contains") String contains,
                                    @QueryParam("from") String from, @QueryParam("to") String to,
                                    @QueryParam("limit") String limit) {
        long[] range = range(from, to);
        LogLevel min = level == null || level.isBlank() ? LogLevel.UNSPECIFIED : LogLevel.parse(level)
                .orElseThrow(() -> new LocalRequestException("level must be one of trace, debug, info, warn, error, "
                        + "fatal; was '" + level + "'"));
        LocalQueries.Result<LogRecord> r = queries.logs(min, contains == null || contains.isEmpty() ? null : contains,
                range[0], range[1], limit(limit));
        return envelope(r, f -> {
            LogRecord l = f.record();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", time(l.timestampUnixNanos()));
            m.put("level", l.level().name().toLowerCase(Locale.ROOT));
            m.put("message", l.message());
            m.put("fields", l.fields());
            if (!l.traceId().isEmpty()) {
                m.put("traceId", l.traceId().toHex());
            }
            if (!l.spanId().isEmpty()) {
                m.put("spanId", l.spanId().toHex());
            }
            m.put("delivered", f.delivered());
            return m;
        });
    }

    @GET
    @Path("/traces/{traceId}")
    public Response trace(@PathParam("traceId") String traceId) {
        if (!HEX_TRACE_ID.matcher(traceId).matches()) {
            throw new LocalRequestException("traceId must be 32 hexadecimal digits, was '" + traceId + "'");
        }
        LocalQueries.Result<Span> r = queries.trace(Id.fromHex(traceId), MAX_LIMIT);
        if (r.found().isEmpty()) {
            return Response.status(404).type("application/problem+json").entity(Map.of("title", "not found",
                    "status", 404, "detail", "no span of trace " + traceId.toLowerCase(Locale.ROOT)
                            + " is held on this device (it may never have been here, been sampled out, or be past "
                            + "the local retention)")).build();
        }
        return Response.ok(envelope(r, f -> span(f.record(), f.delivered()))).build();
    }

    private static Map<String, Object> span(Span s, boolean delivered) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("traceId", s.traceId().toHex());
        m.put("spanId", s.spanId().toHex());
        if (!s.parentSpanId().isEmpty()) {
            m.put("parentSpanId", s.parentSpanId().toHex());
        }
        m.put("service", s.service());
        m.put("operation", s.operation());
        m.put("kind", s.kind().name().toLowerCase(Locale.ROOT));
        m.put("start", time(s.startUnixNanos()));
        m.put("durationNanos", s.durationNanos());
        m.put("status", s.status().code().name().toLowerCase(Locale.ROOT));
        if (!s.status().message().isEmpty()) {
            m.put("statusMessage", s.status().message());
        }
        m.put("tags", s.tags());
        m.put("events", s.events().stream().map(DiagnosticsResource::event).toList());
        m.put("delivered", delivered);
        return m;
    }

    private static Map<String, Object> event(SpanEvent e) {
        return Map.of("time", time(e.timeUnixNanos()), "name", e.name(), "tags", e.tags());
    }

    private static <T extends io.edgeobs.model.TelemetryRecord> Map<String, Object> envelope(
            LocalQueries.Result<T> r, java.util.function.Function<LocalQueries.Found<T>, Map<String, Object>> item) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> data = r.found().stream().map(item).toList();
        m.put("data", data);
        m.put("count", data.size());
        m.put("truncated", r.truncated());
        m.put("scanned", Map.of("segmentsRead", r.scanned().segmentsRead(), "segmentsHeld", r.scanned().segmentsHeld(),
                "entriesRead", r.scanned().entriesRead()));
        return m;
    }

    static String time(long unixNanos) {
        return Instant.ofEpochSecond(0, unixNanos).toString();
    }

    static long[] range(String from, String to) {
        long now = System.currentTimeMillis() * 1_000_000L;
        long f = from == null || from.isBlank() ? now - 3_600_000_000_000L : instant("from", from, now);
        long t = to == null || to.isBlank() ? now + 60_000_000_000L : instant("to", to, now);
        if (t <= f) {
            throw new LocalRequestException("to (" + time(t) + ") must be after from (" + time(f) + ")");
        }
        return new long[]{f, t};
    }

    private static long instant(String param, String value, long nowNanos) {
        var rel = RELATIVE.matcher(value);
        if (rel.matches()) {
            long n = Long.parseLong(rel.group(1));
            long unit = switch (rel.group(2)) {
                case "ms" -> 1_000_000L;
                case "s" -> 1_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "h" -> 3_600_000_000_000L;
                default -> 86_400_000_000_000L;
            };
            return nowNanos - n * unit;
        }
        if (value.chars().allMatch(Character::isDigit) && value.length() <= 15) {
            return Long.parseLong(value) * 1_000_000L;
        }
        try {
            Instant i = java.time.OffsetDateTime.parse(value).toInstant();
            return i.getEpochSecond() * 1_000_000_000L + i.getNano();
        } catch (java.time.format.DateTimeParseException e) {
            throw new LocalRequestException(param + " must be an RFC 3339 time (2026-12-01T10:00:00Z), epoch "
                    + "milliseconds or an offset such as -15m; was '" + value + "'");
        }
    }

    static int limit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new LocalRequestException("limit must be a whole number from 1 to " + MAX_LIMIT + ", was '" + limit + "'");
    }

    static Predicate<String> namePredicate(String name) {
        if (name == null || name.isBlank()) {
            return n -> true;
        }
        if (!name.contains("*")) {
            return name::equals;
        }
        Pattern glob = Pattern.compile(Pattern.quote(name).replace("*", "\\E.*\\Q"));
        return n -> glob.matcher(n).matches();
    }

    static Map<String, String> tags(String tags) {
        Map<String, String> m = new LinkedHashMap<>();
        if (tags == null || tags.isBlank()) {
            return m;
        }
        for (String pair : tags.split(",")) {
            int colon = pair.indexOf(':');
            int equals = pair.indexOf('=');
            int at = colon < 0 ? equals : equals < 0 ? colon : Math.min(colon, equals);
            if (at <= 0) {
                throw new LocalRequestException("tags must be key:value pairs separated by commas (job:node,cpu:0), "
                        + "was '" + tags + "'");
            }
            m.put(pair.substring(0, at).trim(), pair.substring(at + 1).trim());
        }
        return m;
    }
}
