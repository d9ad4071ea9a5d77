package io.edgeobs.query.alerts;

import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of each subject of a rule at {@code now}, read from the ingest tables with the rule's tenant bound in
 * every query. Plain SQL on the columns both storage dialects share. Only subjects that breach the threshold or
 * are pending or firing are returned; subjects without data are absent.
 */
final class SubjectValues {

    private static final Logger LOG = Logger.getLogger(SubjectValues.class);

    /** The names the agent's drop gauge arrives under (the ingest service's SelfTelemetry accepts the same). */
    static final List<String> DROPPED_NAMES = List.of("edgeobs_agent_buffer_dropped", "edgeobs_agent_buffer_dropped_total",
            "edgeobs.agent.buffer.dropped", "edgeobs.agent.buffer.dropped.total");

    private static final String FLEET = " AND (CAST(? AS text) IS NULL OR %s IN (SELECT f.device_id FROM devices f "
            + "WHERE f.tenant = ? AND f.fleet = ?))";

    private SubjectValues() {
    }

    static Map<String, Double> of(Connection c, AlertRule r, Instant now, int maxSubjects) throws SQLException {
        List<Object> params = new ArrayList<>();
        String sql = switch (r.kind()) {
            case DEVICE_SILENT -> {
                params.add(Timestamp.from(now));
                params.add(r.tenant());
                yield "SELECT d.device_id, EXTRACT(EPOCH FROM (CAST(? AS timestamptz) - d.last_seen)) / 60.0 FROM devices d "
                        + "WHERE d.tenant = ?" + fleetOnDevices(r, params);
            }
            case BUFFER_ABOVE -> {
                params.add(r.tenant());
                yield "SELECT d.device_id, 100.0 * d.buffer_bytes / d.buffer_budget_bytes FROM devices d "
                        + "WHERE d.tenant = ? AND d.buffer_bytes IS NOT NULL AND d.buffer_budget_bytes > 0"
                        + fleetOnDevices(r, params);
            }
            case DROPS_ABOVE -> drops(r, now, params);
            case METRIC_THRESHOLD -> metric(r, now, params);
        };
        // only subjects that breach, or are pending or firing (their recovery must be seen): the cap then bounds
        // what matters, not the size of the fleet
        sql = "SELECT v.subject, v.value FROM (" + sql + ") v(subject, value) WHERE v.value " + r.operator().symbol()
                + " ? OR v.subject IN (SELECT st.subject FROM query.alert_state st WHERE st.tenant = ? AND st.rule_id = ? "
                + "AND st.state IN ('pending', 'firing')) ORDER BY v.subject LIMIT ?";
        params.add(r.threshold());
        params.add(r.tenant());
        params.add(r.id());
        params.add(maxSubjects + 1);
        Map<String, Double> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setObject(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    double v = rs.getDouble(2);
                    out.put(rs.getString(1), rs.wasNull() ? Double.NaN : v);
                }
            }
        }
        if (out.size() > maxSubjects) {
            LOG.warnf("rule %s (%s) of tenant %s has more than %d subjects; only the first are evaluated "
                    + "(edgeobs.query.alerts.max-subjects)", r.id(), r.name(), r.tenant(), maxSubjects);
            out.remove(out.keySet().stream().reduce((a, b) -> b).orElseThrow());
        }
        return out;
    }

    private static String fleetOnDevices(AlertRule r, List<Object> params) {
        if (r.fleet() == null) {
            return "";
        }
        params.add(r.fleet());
        return " AND d.fleet = ?";
    }

    private static String fleet(AlertRule r, List<Object> params) {
        params.add(r.fleet());
        params.add(r.tenant());
        params.add(r.fleet());
        return String.format(FLEET, "s.device_id");
    }

    /**
     * Records dropped per minute per device: for each drop series of the device, its reset-aware increase over the
     * window divided by the minutes between its first and last point in the window (a restarted agent's counter
     * starts again from zero: a decrease counts the new value as the increase); summed over the device's series.
     */
    private static String drops(AlertRule r, Instant now, List<Object> params) {
        params.add(r.tenant());
        params.add(c(DROPPED_NAMES));
        params.add(Timestamp.from(now.minus(r.window())));
        params.add(Timestamp.from(now));
        String fleet = fleet(r, params);
        return "WITH p AS (SELECT s.device_id, s.id, mp.ts, mp.value, "
                + "lag(mp.value) OVER (PARTITION BY s.id ORDER BY mp.ts) AS prev FROM series s "
                + "JOIN metric_points mp ON mp.series_id = s.id "
                + "WHERE s.tenant = ? AND s.name = ANY (?) AND mp.ts > ? AND mp.ts <= ?" + fleet + "), "
                + "per_series AS (SELECT device_id, sum(CASE WHEN prev IS NULL THEN 0 WHEN value >= prev "
                + "THEN value - prev ELSE value END) AS increase, EXTRACT(EPOCH FROM max(ts) - min(ts)) / 60.0 AS minutes "
                + "FROM p GROUP BY device_id, id) "
                + "SELECT device_id, sum(increase / minutes) FROM per_series WHERE minutes > 0 "
                + "GROUP BY device_id";
    }

    /** The aggregated points of the window per series (subject: device and tags) or per device. */
    private static String metric(AlertRule r, Instant now, List<Object> params) {
        String agg = switch (r.aggregation()) {
            case AVG -> "avg(mp.value)";
            case MIN -> "min(mp.value)";
            case MAX -> "max(mp.value)";
            case SUM -> "sum(mp.value)";
            case LAST -> "(array_agg(mp.value ORDER BY mp.ts DESC))[1]";
        };
        boolean perSeries = r.per() == AlertRule.Per.SERIES;
        params.add(r.tenant());
        params.add(r.metric());
        params.add(RuleCodec.jsonOf(r.tags()));
        params.add(Timestamp.from(now.minus(r.window())));
        params.add(Timestamp.from(now));
        String fleet = fleet(r, params);
        return "SELECT " + (perSeries ? "s.device_id || ' ' || s.tags::text" : "s.device_id") + " AS subject, " + agg
                + " FROM series s JOIN metric_points mp ON mp.series_id = s.id "
                + "WHERE s.tenant = ? AND s.name = ? AND s.tags @> CAST(? AS jsonb) AND mp.ts > ? AND mp.ts <= ?" + fleet
                + " GROUP BY " + (perSeries ? "s.id, s.device_id, s.tags" : "s.device_id");
    }

    private static String[] c(List<String> l) {
        return l.toArray(new String[0]);
    }
}
