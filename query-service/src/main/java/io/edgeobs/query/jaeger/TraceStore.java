package io.edgeobs.query.jaeger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads traces, services, operations and dependencies from the ingest service's {@code spans} and
 * {@code span_operations} tables. Every statement has the caller's tenant as a bind parameter in its WHERE clause;
 * nothing here is filtered by tenant in Java.
 */
@ApplicationScoped
public class TraceStore {

    private static final Logger LOG = Logger.getLogger(TraceStore.class);
    private static final HexFormat HEX = HexFormat.of();

    private final DataSource db;
    private final ObjectMapper json;

    public TraceStore(DataSource db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /** An operation of a service and the kind of its spans ({@code server}, ...). */
    public record Operation(String name, String spanKind) {
    }

    /** Calls from spans of {@code parent} to child spans of {@code child}. */
    public record Dependency(String parent, String child, long callCount) {
    }

    /** The spans of one trace, earliest first, at most the cap asked for; {@code total} counts all it has. */
    public record TraceSpans(String traceId, List<SpanRow> spans, long total) {
        public boolean truncated() {
            return total > spans.size();
        }
    }

    public List<String> services(String tenant) {
        List<String> out = new ArrayList<>();
        query("SELECT service FROM span_operations WHERE tenant = ? GROUP BY service ORDER BY service COLLATE \"C\"",
                List.of(tenant), rs -> out.add(rs.getString(1)));
        return out;
    }

    /** Operations of a service, by name; {@code kind} null for every kind. */
    public List<Operation> operations(String tenant, String service, String kind) {
        List<Object> params = new ArrayList<>(List.of(tenant, service));
        String sql = "SELECT operation, span_kind FROM span_operations WHERE tenant = ? AND service = ?";
        if (kind != null) {
            sql += " AND span_kind = ?";
            params.add(kind);
        }
        List<Operation> out = new ArrayList<>();
        query(sql + " ORDER BY operation COLLATE \"C\", span_kind", params,
                rs -> out.add(new Operation(rs.getString(1), rs.getString(2))));
        return out;
    }

    /**
     * Trace ids (hex) with at least one span matching every criterion of {@code q}, the trace with the newest
     * matching span first, at most {@code q.limit()}.
     */
    public List<String> findTraceIds(String tenant, TraceQuery q) {
        StringBuilder sql = new StringBuilder("SELECT trace_id, max(start_time) AS newest FROM spans WHERE tenant = ?"
                + " AND start_time >= ? AND start_time <= ?");
        List<Object> params = new ArrayList<>(List.of(tenant, time(q.start()), time(q.end())));
        if (q.service() != null) {
            sql.append(" AND service = ?");
            params.add(q.service());
        }
        if (q.operation() != null) {
            sql.append(" AND operation = ?");
            params.add(q.operation());
        }
        if (q.minDurationNanos() != null) {
            sql.append(" AND duration_ns >= ?");
            params.add(q.minDurationNanos());
        }
        if (q.maxDurationNanos() != null) {
            sql.append(" AND duration_ns <= ?");
            params.add(q.maxDurationNanos());
        }
        ObjectNode stored = json.createObjectNode();
        for (Map.Entry<String, String> tag : q.tags().entrySet()) {
            if (!columnTag(tag.getKey(), tag.getValue(), sql, params)) {
                stored.put(tag.getKey(), tag.getValue());
            }
        }
        if (!stored.isEmpty()) {
            sql.append(" AND tags @> ?::jsonb");
            params.add(stored.toString());
        }
        sql.append(" GROUP BY trace_id ORDER BY newest DESC, trace_id LIMIT ?");
        params.add(q.limit());
        List<String> ids = new ArrayList<>();
        query(sql.toString(), params, rs -> ids.add(HEX.formatHex(rs.getBytes(1))));
        LOG.debugf("trace search of tenant %s found %d traces", tenant, ids.size());
        return ids;
    }

    /** Tags that Jaeger shows for columns (kind, status, device) are searched in those columns. */
    private static boolean columnTag(String key, String value, StringBuilder sql, List<Object> params) {
        switch (key) {
            case "error" -> sql.append(Boolean.parseBoolean(value) ? " AND status_code = 'error'"
                    : " AND status_code <> 'error'");
            case "span.kind" -> {
                sql.append(" AND span_kind = ?");
                params.add(value.toLowerCase(Locale.ROOT));
            }
            case "otel.status_code" -> {
                sql.append(" AND status_code = ?");
                params.add(value.toLowerCase(Locale.ROOT));
            }
            case "otel.status_description" -> {
                sql.append(" AND status_message = ?");
                params.add(value);
            }
            case "device_id", "device.id" -> {
                sql.append(" AND device_id = ?");
                params.add(value);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /**
     * The traces of the given ids (hex, 32 digits) that the tenant has, in the order of {@code traceIds}; ids it
     * does not have are left out. {@code from}/{@code to} (both or neither) narrow the spans by start time.
     */
    public List<TraceSpans> traces(String tenant, List<String> traceIds, Instant from, Instant to, int maxSpans) {
        if (traceIds.isEmpty()) {
            return List.of();
        }
        Map<String, List<SpanRow>> spans = new LinkedHashMap<>();
        Map<String, Long> totals = new LinkedHashMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(traceSql(from != null))) {
            byte[][] ids = new byte[traceIds.size()][];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = HEX.parseHex(traceIds.get(i));
            }
            Array array = c.createArrayOf("bytea", ids);
            int i = 1;
            ps.setString(i++, tenant);
            ps.setArray(i++, array);
            if (from != null) {
                ps.setObject(i++, time(from));
                ps.setObject(i++, time(to));
            }
            ps.setInt(i, maxSpans);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SpanRow row = row(rs);
                    spans.computeIfAbsent(row.traceId(), k -> new ArrayList<>()).add(row);
                    totals.put(row.traceId(), rs.getLong(15));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading traces of tenant " + tenant + " failed: " + e.getMessage(), e);
        }
        List<TraceSpans> out = new ArrayList<>();
        for (String id : traceIds) {
            List<SpanRow> rows = spans.remove(id);
            if (rows != null) {
                out.add(new TraceSpans(id, rows, totals.get(id)));
            }
        }
        return out;
    }

    /**
     * The statement of {@link #traces}: the tenant's spans of the ids (bound as one bytea array, so the trace_id
     * index serves it), at most the cap per trace by start time, with each trace's full span count.
     */
    static String traceSql(boolean window) {
        return "SELECT trace_id, span_id, parent_span_id, device_id, service, operation, span_kind, start_time,"
                + " duration_ns, status_code, status_message, tags::text, events::text, links::text, total FROM"
                + " (SELECT s.*, row_number() OVER w AS rn, count(*) OVER (PARTITION BY trace_id) AS total FROM spans s"
                + " WHERE tenant = ? AND trace_id = ANY (?)"
                + (window ? " AND start_time >= ? AND start_time <= ?" : "")
                + " WINDOW w AS (PARTITION BY trace_id ORDER BY start_time, span_id)) t WHERE rn <= ?"
                + " ORDER BY trace_id, rn";
    }

    /**
     * Parent-child calls between spans of different services whose child span started in the window; with
     * {@code service} (null for all) only the calls from or to it.
     */
    public List<Dependency> dependencies(String tenant, Instant from, Instant to, String service) {
        List<Object> params = new ArrayList<>(List.of(tenant, tenant, time(from), time(to)));
        String sql = "SELECT p.service, c.service, count(*) FROM spans c JOIN spans p ON p.trace_id = c.trace_id"
                + " AND p.span_id = c.parent_span_id AND p.tenant = ? WHERE c.tenant = ?"
                + " AND c.start_time >= ? AND c.start_time <= ? AND c.parent_span_id IS NOT NULL"
                + " AND p.service <> c.service";
        if (service != null) {
            sql += " AND (p.service = ? OR c.service = ?)";
            params.add(service);
            params.add(service);
        }
        List<Dependency> out = new ArrayList<>();
        query(sql + " GROUP BY p.service, c.service ORDER BY p.service COLLATE \"C\", c.service COLLATE \"C\"",
                params, rs -> out.add(new Dependency(rs.getString(1), rs.getString(2), rs.getLong(3))));
        return out;
    }

    private SpanRow row(ResultSet rs) throws SQLException {
        byte[] parent = rs.getBytes(3);
        OffsetDateTime start = rs.getObject(8, OffsetDateTime.class);
        long startNanos = ChronoUnit.MICROS.between(Instant.EPOCH, start.toInstant()) * 1000L;
        try {
            return new SpanRow(HEX.formatHex(rs.getBytes(1)), HEX.formatHex(rs.getBytes(2)),
                    parent == null || parent.length == 0 ? null : HEX.formatHex(parent), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), startNanos, rs.getLong(9), rs.getString(10),
                    rs.getString(11), json.readTree(rs.getString(12)), json.readTree(rs.getString(13)),
                    json.readTree(rs.getString(14)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored span has unreadable JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static OffsetDateTime time(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Object> params, RowReader reader) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reader.read(rs);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("trace query failed: " + e.getMessage(), e);
        }
    }
}
