package io.edgeobs.query.alerts;

import io.edgeobs.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Puts a transition to notify into {@code query.alert_notifications}, in the transaction that changes the state:
 * the state change and its notification are stored together or not at all. A transition has one row (unique per
 * rule, subject and transition number) and one id, whatever happens to its deliveries.
 */
@ApplicationScoped
public class Outbox {

    private final QueryConfig config;

    public Outbox(QueryConfig config) {
        this.config = config;
    }

    /** The stable id of a transition, sent as Idempotency-Key. */
    static String notificationId(String ruleId, String subject, long transition) {
        return UUID.nameUUIDFromBytes((ruleId + "\u0000" + subject + "\u0000" + transition)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Stores the notification of a transition; false when the rule has no webhook and there is no default. */
    boolean enqueue(Connection c, AlertRule r, String subject, long transition, AlertStateMachine.Step step,
                    Double value, Instant now) throws SQLException {
        String url = r.webhook() != null ? r.webhook().toString() : config.alerts().defaultWebhook().orElse(null);
        if (url == null || url.isBlank()) {
            return false;
        }
        String id = notificationId(r.id(), subject, transition);
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("id", r.id());
        rule.put("name", r.name());
        rule.put("kind", AlertRule.wire(r.kind()));
        rule.put("severity", AlertRule.wire(r.severity()));
        rule.put("labels", r.labels());
        rule.put("threshold", r.threshold());
        rule.put("operator", r.operator().symbol());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", id);
        payload.put("tenant", r.tenant());
        payload.put("rule", rule);
        payload.put("subject", subject);
        payload.put("state", AlertRule.wire(step.state()));
        payload.put("value", value);
        payload.put("since", step.since().toString());
        payload.put("transition", transition);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO query.alert_notifications (id, tenant, rule_id, "
                + "subject, transition, state, url, payload, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                + "CAST(? AS jsonb), ?, ?) ON CONFLICT DO NOTHING")) {
            ps.setString(1, id);
            ps.setString(2, r.tenant());
            ps.setString(3, r.id());
            ps.setString(4, subject);
            ps.setLong(5, transition);
            ps.setString(6, AlertRule.wire(step.state()));
            ps.setString(7, url);
            ps.setString(8, RuleCodec.jsonOf(payload));
            ps.setTimestamp(9, Timestamp.from(now));
            ps.setTimestamp(10, Timestamp.from(now));
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * The highest transition number notified for a subject that has no state row (its rule was deleted and made
     * again from the rules file under the same id): numbering goes on, so ids are never reused.
     */
    static long lastTransition(Connection c, AlertRule r, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(transition), 0) FROM "
                + "query.alert_notifications WHERE tenant = ? AND rule_id = ? AND subject = ?")) {
            ps.setString(1, r.tenant());
            ps.setString(2, r.id());
            ps.setString(3, subject);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
