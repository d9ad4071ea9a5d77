package io.edgeobs.query.alerts;

import io.edgeobs.query.alerts.AlertStateMachine.Current;
import io.edgeobs.query.alerts.AlertStateMachine.State;
import jakarta.enterprise.context.ApplicationScoped;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code query.alert_state}: the state of each (rule, subject), written by the evaluator, read by the API. */
@ApplicationScoped
public class AlertStates {

    private final DataSource db;

    public AlertStates(DataSource db) {
        this.db = db;
    }

    /** One alert as the API shows it. */
    public record Alert(String ruleId, String ruleName, String severity, String subject, String state, Instant since,
                        Double value, Instant lastEvaluated, Map<String, String> labels) {
    }

    /** The tenant's alerts in a state (or all but inactive when {@code state} is null), newest first. */
    public List<Alert> list(String tenant, State state, String ruleId, int limit) {
        String sql = "SELECT s.rule_id, r.name, r.spec::text, s.subject, s.state, s.since, s.value, s.last_evaluated "
                + "FROM query.alert_state s JOIN query.alert_rules r ON r.id = s.rule_id "
                + "WHERE s.tenant = ? AND r.tenant = ? AND " + (state == null ? "s.state <> 'inactive'" : "s.state = ?")
                + (ruleId == null ? "" : " AND s.rule_id = ?") + " ORDER BY s.since DESC, s.rule_id, s.subject LIMIT ?";
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, tenant);
            ps.setString(i++, tenant);
            if (state != null) {
                ps.setString(i++, AlertRule.wire(state));
            }
            if (ruleId != null) {
                ps.setString(i++, ruleId);
            }
            ps.setInt(i, limit);
            List<Alert> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RuleSpec spec = RuleCodec.JSON.readValue(rs.getString(3), RuleSpec.class);
                    double v = rs.getDouble(7);
                    out.add(new Alert(rs.getString(1), rs.getString(2), spec.severity(), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant(), rs.wasNull() ? null : v,
                            rs.getTimestamp(8).toInstant(), spec.labels() == null ? Map.of() : spec.labels()));
                }
            }
            return out;
        } catch (SQLException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot list alerts: " + e.getMessage(), e);
        }
    }

    static Map<String, Current> forRule(Connection c, AlertRule r) throws SQLException {
        Map<String, Current> out = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT subject, state, since, transitions FROM query.alert_state "
                + "WHERE tenant = ? AND rule_id = ?")) {
            ps.setString(1, r.tenant());
            ps.setString(2, r.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new Current(State.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)),
                            rs.getTimestamp(3).toInstant(), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    /** Writes the new state of the subjects of one evaluation (in its transaction). */
    static final class Writer implements AutoCloseable {
        private final PreparedStatement ps;
        private int rows;

        Writer(Connection c) throws SQLException {
            ps = c.prepareStatement("INSERT INTO query.alert_state (rule_id, subject, tenant, state, since, value, "
                    + "last_evaluated, transitions) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (rule_id, subject) DO "
                    + "UPDATE SET state = EXCLUDED.state, since = EXCLUDED.since, value = EXCLUDED.value, "
                    + "last_evaluated = EXCLUDED.last_evaluated, transitions = EXCLUDED.transitions");
        }

        void add(AlertRule r, String subject, AlertStateMachine.Step step, Double value, Instant now, long transitions)
                throws SQLException {
            ps.setString(1, r.id());
            ps.setString(2, subject);
            ps.setString(3, r.tenant());
            ps.setString(4, AlertRule.wire(step.state()));
            ps.setTimestamp(5, Timestamp.from(step.since()));
            if (value == null) {
                ps.setNull(6, Types.DOUBLE);
            } else {
                ps.setDouble(6, value);
            }
            ps.setTimestamp(7, Timestamp.from(now));
            ps.setLong(8, transitions);
            ps.addBatch();
            rows++;
        }

        void flush() throws SQLException {
            if (rows > 0) {
                ps.executeBatch();
            }
        }

        @Override
        public void close() throws SQLException {
            ps.close();
        }
    }
}
