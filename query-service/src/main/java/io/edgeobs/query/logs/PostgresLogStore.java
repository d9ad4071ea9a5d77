package io.edgeobs.query.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.query.logs.LogQuery.FieldMatch;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Log search on the ingest service's {@code logs} table. Order: {@code ts DESC, device_id DESC (byte order),
 * md5(content) DESC}; the page starts at the cursor's key (inclusive) and skips the records of that key already
 * returned (ADR 0063). Full text on the {@code search} tsvector ({@code plainto_tsquery('simple', q)}, every word
 * must occur), fields by containment ({@code fields @> ?::jsonb}, the GIN index).
 */
@ApplicationScoped
public class PostgresLogStore implements LogStore {

    private static final Logger LOG = Logger.getLogger(PostgresLogStore.class);
    static final String NAME = "postgresql";

    /** MD5 over everything a record holds besides tenant, ts and device: a deterministic last sort key. */
    private static final String CONTENT_HASH = "md5(level::text || '|' || length(message) || '|' || message || '|' "
            + "|| fields::text || '|' || coalesce(encode(trace_id, 'hex'), '') || '|' "
            + "|| coalesce(encode(span_id, 'hex'), ''))";

    private final DataSource db;
    private final ObjectMapper json;

    public PostgresLogStore(DataSource db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public LogPage search(LogQuery q) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder("tenant = ? AND ts >= ? AND ts < ?");
        args.add(q.tenant());
        args.add(Timestamp.from(q.from()));
        args.add(Timestamp.from(q.to()));
        if (!q.levels().isEmpty()) {
            where.append(" AND level = ANY (?::smallint[])");
            args.add(q.levels().toArray(new Integer[0]));
        }
        if (q.deviceId() != null) {
            where.append(" AND device_id = ?");
            args.add(q.deviceId());
        }
        if (q.traceId() != null) {
            where.append(" AND trace_id = ?");
            args.add(HexFormat.of().parseHex(q.traceId()));
        }
        if (q.text() != null) {
            where.append(" AND search @@ plainto_tsquery('simple', ?)");
            args.add(q.text());
        }
        for (FieldMatch f : q.fields()) {
            List<String> candidates = FieldJson.candidates(f, json);
            where.append(" AND (").append(String.join(" OR ", candidates.stream().map(c -> "fields @> ?::jsonb").toList()))
                    .append(')');
            args.addAll(candidates);
        }
        LogCursor c = q.cursor();
        List<Object> keysetArgs = new ArrayList<>();
        String keyset = "";
        if (c != null) {
            Timestamp ts = Timestamp.from(LogEntry.ofUnixNanos(c.tsUnixNano()));
            where.append(" AND ts <= ?");
            args.add(ts);
            keyset = " AND (ts < ? OR (ts = ? AND (device_id COLLATE \"C\" < ? OR (device_id = ? AND " + CONTENT_HASH
                    + " <= ?))))";
            keysetArgs.addAll(List.of(ts, ts, c.deviceId(), c.deviceId(), c.tieBreak()));
        }
        int skip = c == null ? 0 : c.skip();
        // Two statements, so the content hash (the last sort key) is computed only near the page, never for every
        // match of a common word: the newest skip + limit + 1 matching timestamps give a lower bound (the planner reads
        // a few entries of the (tenant, ts) index backwards for a common word, the GIN matches for a rare one), and the
        // page is then read from the narrow range [bound, to), which the planner sees as a literal and so scans by time.
        String boundSql = "SELECT min(ts) FROM (SELECT ts FROM logs WHERE " + where + keyset
                + " ORDER BY ts DESC LIMIT ?) newest";
        String pageSql = "SELECT ts, device_id, level, message, fields::text, trace_id, span_id, h FROM (SELECT ts, "
                + "device_id, level, message, fields, trace_id, span_id, " + CONTENT_HASH + " AS h FROM logs WHERE "
                + where + keyset + " AND ts >= ?) l ORDER BY ts DESC, device_id COLLATE \"C\" DESC, h DESC OFFSET ? LIMIT ?";
        List<Object> boundArgs = new ArrayList<>(args);
        boundArgs.addAll(keysetArgs);
        boundArgs.add(skip + q.limit() + 1);
        long started = System.nanoTime();
        try (Connection conn = db.getConnection()) {
            Timestamp bound;
            try (PreparedStatement ps = unprepared(conn.prepareStatement(boundSql))) {
                bind(conn, ps, boundArgs);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    bound = rs.getTimestamp(1);
                }
            }
            List<LogPaging.Row> rows = new ArrayList<>();
            if (bound != null) {
                List<Object> pageArgs = new ArrayList<>(args);
                pageArgs.addAll(keysetArgs);
                pageArgs.add(bound);
                pageArgs.add(skip);
                pageArgs.add(q.limit() + 1);
                try (PreparedStatement ps = unprepared(conn.prepareStatement(pageSql))) {
                    bind(conn, ps, pageArgs);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rows.add(row(rs));
                        }
                    }
                }
            }
            LOG.debugf("log search of tenant %s read %d rows in %d ms", q.tenant(), rows.size(),
                    (System.nanoTime() - started) / 1_000_000);
            return LogPaging.page(rows, q, NAME);
        } catch (SQLException e) {
            throw new IllegalStateException("searching logs of tenant " + q.tenant() + " failed: " + e.getMessage(), e);
        }
    }

    private LogPaging.Row row(ResultSet rs) throws SQLException {
        Instant ts = rs.getTimestamp(1).toInstant();
        HexFormat hex = HexFormat.of();
        byte[] trace = rs.getBytes(6);
        byte[] span = rs.getBytes(7);
        try {
            LogEntry e = new LogEntry(LogEntry.format(ts), LogEntry.unixNanos(ts), rs.getString(2),
                    LogLevels.name(rs.getShort(3)), rs.getString(4), json.readTree(rs.getString(5)),
                    trace == null ? null : hex.formatHex(trace), span == null ? null : hex.formatHex(span));
            return new LogPaging.Row(e, rs.getString(8));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("log fields stored as unreadable JSON: " + ex.getMessage(), ex);
        }
    }

    @Override
    public Counts count(String tenant, String deviceId, Instant from, Instant to) {
        String sql = "SELECT count(*), count(*) FILTER (WHERE level >= 5) FROM logs "
                + "WHERE tenant = ? AND device_id = ? AND ts >= ? AND ts <= ?";
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(conn, ps, List.of(tenant, deviceId, Timestamp.from(from), Timestamp.from(to)));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Counts(rs.getLong(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("counting logs of device " + deviceId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Instant lastLog(String tenant, String deviceId) {
        String sql = "SELECT max(ts) FROM logs WHERE tenant = ? AND device_id = ?";
        try (Connection conn = db.getConnection(); PreparedStatement ps = conn.prepareStatement(sql)) {
            bind(conn, ps, List.of(tenant, deviceId));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Timestamp t = rs.getTimestamp(1);
                return t == null ? null : t.toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("finding the last log of device " + deviceId + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Planned anew for every search (never a cached generic plan): whether the GIN index or the time index is the
     * cheap way depends on how common the words are and how narrow the range is, which only the values tell.
     */
    private static PreparedStatement unprepared(PreparedStatement ps) throws SQLException {
        if (ps.isWrapperFor(org.postgresql.PGStatement.class)) {
            ps.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(0);
        }
        return ps;
    }

    private static void bind(Connection conn, PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Integer[] levels) {
                ps.setArray(i + 1, conn.createArrayOf("int4", levels));
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }
}
