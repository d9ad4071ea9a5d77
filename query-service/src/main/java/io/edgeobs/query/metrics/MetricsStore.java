package io.edgeobs.query.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads the metrics API's answers from the ingest tables. Every statement binds the caller's tenant; points are only
 * ever read through series of that tenant.
 */
@ApplicationScoped
public class MetricsStore {

    private static final Logger LOG = Logger.getLogger(MetricsStore.class);
    private static final Set<String> COUNTER_KINDS = Set.of("counter", "histogram_bucket", "histogram_sum",
            "histogram_count", "summary_sum", "summary_count");

    private final DataSource db;
    private final QueryConfig config;
    private final SeriesFinder finder;

    public MetricsStore(DataSource db, QueryConfig config, ObjectMapper json) {
        this.db = db;
        this.config = config;
        this.finder = new SeriesFinder(json);
    }

    /**
     * Metric names of {@code tenant} starting with {@code prefix}, sorted, at most {@code limit}. Without a device it
     * skips through the {@code (tenant, name)} index one distinct name at a time (a recursive query), so the cost is
     * the number of names read, not the number of series (a plain DISTINCT reads every series of the tenant).
     */
    public MetricsResponses.Names names(String tenant, String prefix, String device, int limit) {
        String sql;
        List<Object> args;
        String p = prefix == null ? "" : prefix;
        if (device == null) {
            sql = "WITH RECURSIVE n(name) AS ((SELECT name FROM series WHERE tenant = ? AND name >= ? ORDER BY name LIMIT 1) "
                    + "UNION ALL SELECT (SELECT s.name FROM series s WHERE s.tenant = ? AND s.name > n.name ORDER BY s.name "
                    + "LIMIT 1) FROM n WHERE n.name IS NOT NULL) "
                    + "SELECT name FROM n WHERE name IS NOT NULL AND starts_with(name, ?) LIMIT ?";
            args = List.of(tenant, p, tenant, p, limit + 1);
        } else {
            sql = "SELECT DISTINCT name FROM series WHERE tenant = ? AND device_id = ? AND starts_with(name, ?) "
                    + "ORDER BY name LIMIT ?";
            args = List.of(tenant, device, p, limit + 1);
        }
        List<String> names = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read metric names of tenant " + tenant + ": " + e.getMessage(), e);
        }
        boolean truncated = names.size() > limit;
        return new MetricsResponses.Names(truncated ? names.subList(0, limit) : names, truncated);
    }

    /** Tag keys and values of metric {@code name} in {@code tenant}, values capped per key. */
    public MetricsResponses.Tags tags(String tenant, String name, String device) {
        int cap = config.metrics().maxTagValues();
        String where = " FROM series s WHERE s.tenant = ? AND s.name = ?" + (device == null ? "" : " AND s.device_id = ?");
        String sql = "SELECT k, v FROM (SELECT k, v, row_number() OVER (PARTITION BY k ORDER BY v) AS rn FROM ("
                + "SELECT e.key AS k, e.value AS v" + where.replace("FROM series s", "FROM series s CROSS JOIN LATERAL "
                + "jsonb_each_text(s.tags) e") + " UNION SELECT '" + TagMatcher.DEVICE_ID + "', s.device_id" + where
                + ") x) y WHERE rn <= ? ORDER BY k, v";
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            args.add(tenant);
            args.add(name);
            if (device != null) {
                args.add(device);
            }
        }
        args.add(cap + 1);
        Map<String, List<String>> tags = new TreeMap<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = prepare(c, sql, args);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read tags of metric " + name + " of tenant " + tenant + ": "
                    + e.getMessage(), e);
        }
        List<String> truncated = new ArrayList<>();
        tags.forEach((k, values) -> {
            if (values.size() > cap) {
                values.remove(values.size() - 1);
                truncated.add(k);
            }
        });
        return new MetricsResponses.Tags(name, tags, !truncated.isEmpty(), truncated);
    }

    /** Runs a series query in {@code tenant}. */
    public MetricsResponses.Query query(String tenant, MetricQuery q) {
        long started = System.nanoTime();
        int maxSeries = config.metrics().maxSeries();
        List<String> warnings = new ArrayList<>(q.warnings());
        List<MetricsResponses.Series> out = new ArrayList<>();
        try (Connection c = db.getConnection()) {
            List<SeriesRef> series = finder.find(c, tenant, q, maxSeries + 1);
            if (series.size() > maxSeries) {
                throw new QueryException.BadParameter(q.device() == null ? "device" : "tag", "the query matches more "
                        + "than " + maxSeries + " series of " + q.name() + " (edgeobs.query.metrics.max-series); narrow "
                        + "it with device=<id> or tag.<key>=<value>");
            }
            if (q.aggregation() == Aggregation.RATE && series.stream().anyMatch(s -> !COUNTER_KINDS.contains(s.kind()))) {
                warnings.add("rate over series that are not counters (kind gauge or quantile): their decreases are "
                        + "read as counter restarts");
            }
            Map<List<String>, List<SeriesRef>> groups = SeriesFinder.group(series, q.groupBy());
            List<List<Object[]>> points = new ArrayList<>();
            long[] ids = new long[series.size()];
            int[] grp = new int[series.size()];
            int n = 0;
            int g = 0;
            for (Map.Entry<List<String>, List<SeriesRef>> e : groups.entrySet()) {
                for (SeriesRef s : e.getValue()) {
                    ids[n] = s.id();
                    grp[n++] = g;
                }
                points.add(new ArrayList<>());
                g++;
            }
            if (n > 0) {
                read(c, PointsSql.build(tenant, q, ids, grp), points);
            }
            g = 0;
            for (List<String> key : groups.keySet()) {
                Map<String, String> tags = new LinkedHashMap<>();
                for (int i = 0; i < key.size(); i++) {
                    if (key.get(i) != null) {
                        tags.put(q.groupBy().get(i), key.get(i));
                    }
                }
                out.add(new MetricsResponses.Series(tags, points.get(g++)));
            }
            LOG.debugf("metrics query of %s in tenant %s: %d series in %d groups from %s in %d ms", q.name(), tenant,
                    series.size(), groups.size(), q.source().wireName(), (System.nanoTime() - started) / 1_000_000);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot query metric " + q.name() + " of tenant " + tenant + ": "
                    + e.getMessage(), e);
        }
        return new MetricsResponses.Query(q.name(), q.from().toEpochMilli(), q.to().toEpochMilli(),
                q.step().toSeconds() + "s", q.aggregation().wireName(), q.source().wireName(), out, warnings);
    }

    private static void read(Connection c, PointsSql.Statement st, List<List<Object[]>> points) throws SQLException {
        try (PreparedStatement ps = prepare(c, st.sql(), st.args()); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                double v = rs.getDouble(3);
                Double value = rs.wasNull() || !Double.isFinite(v) ? null : v;
                points.get(rs.getInt(1)).add(new Object[]{rs.getLong(2), value});
            }
        }
    }

    private static PreparedStatement prepare(Connection c, String sql, List<Object> args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < args.size(); i++) {
            Object a = args.get(i);
            if (a instanceof Instant t) {
                ps.setObject(i + 1, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            } else if (a instanceof long[] l) {
                ps.setArray(i + 1, c.createArrayOf("bigint", java.util.Arrays.stream(l).boxed().toArray()));
            } else if (a instanceof int[] l) {
                ps.setArray(i + 1, c.createArrayOf("integer", java.util.Arrays.stream(l).boxed().toArray()));
            } else {
                ps.setObject(i + 1, a);
            }
        }
        return ps;
    }
}
