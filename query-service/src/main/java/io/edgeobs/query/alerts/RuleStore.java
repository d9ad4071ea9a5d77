package io.edgeobs.query.alerts;

import io.edgeobs.query.api.QueryException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Rules in {@code query.alert_rules}. API methods take the tenant (the caller's) into every statement; rules of
 * the rules file are written only by {@link #syncFile} and refused (409) to API writes.
 */
@ApplicationScoped
public class RuleStore {

    private static final Logger LOG = Logger.getLogger(RuleStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, tenant, source, spec::text, created_at, updated_at, last_evaluated_at, "
            + "last_error";

    private final DataSource db;

    public RuleStore(DataSource db) {
        this.db = db;
    }

    /** A stored row, its spec not yet validated (the evaluator validates each rule on its own). */
    record Row(String id, String tenant, String source, String spec, Instant createdAt, Instant updatedAt,
               Instant lastEvaluatedAt, String lastError) {
        AlertRule.Stored rule() {
            return new AlertRule.Stored(RuleCodec.stored(id, tenant, source, spec), createdAt, updatedAt,
                    lastEvaluatedAt, lastError);
        }
    }

    public AlertRule.Stored create(String tenant, AlertRule rule) {
        byte[] raw = new byte[8];
        RANDOM.nextBytes(raw);
        String id = "rule_" + HexFormat.of().formatHex(raw);
        return one(tenant, id, "INSERT INTO query.alert_rules (id, tenant, name, source, spec) VALUES (?, ?, ?, 'api', "
                + "?::jsonb) RETURNING " + COLUMNS, id, tenant, rule.name(), RuleCodec.json(rule.spec()));
    }

    public List<AlertRule.Stored> list(String tenant) {
        return query("SELECT " + COLUMNS + " FROM query.alert_rules WHERE tenant = ? ORDER BY name, id", tenant)
                .stream().map(Row::rule).toList();
    }

    public AlertRule.Stored get(String tenant, String id) {
        return one(tenant, id, "SELECT " + COLUMNS + " FROM query.alert_rules WHERE tenant = ? AND id = ?", tenant, id);
    }

    public AlertRule.Stored update(String tenant, String id, AlertRule rule) {
        refuseFileRule(tenant, id);
        return one(tenant, id, "UPDATE query.alert_rules SET name = ?, spec = ?::jsonb, updated_at = now() "
                + "WHERE tenant = ? AND id = ? AND source = 'api' RETURNING " + COLUMNS,
                rule.name(), RuleCodec.json(rule.spec()), tenant, id);
    }

    public AlertRule.Stored delete(String tenant, String id) {
        refuseFileRule(tenant, id);
        return one(tenant, id, "DELETE FROM query.alert_rules WHERE tenant = ? AND id = ? AND source = 'api' "
                + "RETURNING " + COLUMNS, tenant, id);
    }

    /** Every tenant's rules, for the evaluator (which binds each rule's own tenant in its queries). */
    List<Row> all() {
        return query("SELECT " + COLUMNS + " FROM query.alert_rules ORDER BY tenant, id");
    }

    /**
     * Makes the file rules those given (with their tenants): inserts or updates them by their id (derived from
     * tenant and name) and deletes file rules no longer listed, in one transaction. A file rule whose name an
     * API rule of the tenant already has is left out and logged. Returns the number of file rules in force.
     */
    int syncFile(List<AlertRule> rules) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                Set<String> apiNames = new HashSet<>();
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT tenant, name FROM query.alert_rules WHERE source = 'api'");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        apiNames.add(rs.getString(1) + "\u0000" + rs.getString(2));
                    }
                }
                List<String> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO query.alert_rules (id, tenant, name, source, "
                        + "spec) VALUES (?, ?, ?, 'file', ?::jsonb) ON CONFLICT (id) DO UPDATE SET spec = EXCLUDED.spec, "
                        + "updated_at = now() WHERE query.alert_rules.spec IS DISTINCT FROM EXCLUDED.spec")) {
                    for (AlertRule r : rules) {
                        if (apiNames.contains(r.tenant() + "\u0000" + r.name())) {
                            LOG.errorf("rules file: rule '%s' of tenant %s left out: the tenant has an API rule of "
                                    + "that name", r.name(), r.tenant());
                            continue;
                        }
                        String id = fileId(r.tenant(), r.name());
                        ids.add(id);
                        ps.setString(1, id);
                        ps.setString(2, r.tenant());
                        ps.setString(3, r.name());
                        ps.setString(4, RuleCodec.json(r.spec()));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "DELETE FROM query.alert_rules WHERE source = 'file' AND NOT (id = ANY (?))")) {
                    ps.setArray(1, c.createArrayOf("text", ids.toArray()));
                    int gone = ps.executeUpdate();
                    if (gone > 0) {
                        LOG.infof("rules file: %d rules no longer in the file deleted", gone);
                    }
                }
                c.commit();
                return ids.size();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the rules of the rules file: " + e.getMessage(), e);
        }
    }

    /** The id of a file rule: stable over reloads and restarts, so its state survives them. */
    static String fileId(String tenant, String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((tenant + "\u0000" + name)
                    .getBytes(StandardCharsets.UTF_8));
            return "file_" + HexFormat.of().formatHex(h, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Notes the outcome of an evaluation (in the evaluation's transaction, or on its own after a failure). */
    static void recordEvaluation(Connection c, String id, Instant now, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE query.alert_rules SET last_evaluated_at = ?, last_error = ? WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, error == null ? null : error.substring(0, Math.min(error.length(), 1000)));
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    private void refuseFileRule(String tenant, String id) {
        List<Row> rows = query("SELECT " + COLUMNS + " FROM query.alert_rules WHERE tenant = ? AND id = ?", tenant, id);
        if (!rows.isEmpty() && "file".equals(rows.get(0).source())) {
            throw new QueryException.Conflict("rule " + id + " comes from the rules file; change it there");
        }
    }

    private AlertRule.Stored one(String tenant, String id, String sql, Object... params) {
        List<Row> rows = query(sql, params);
        if (rows.isEmpty()) {
            throw new QueryException.NotFound("no alert rule " + id + " in tenant " + tenant);
        }
        return rows.get(0).rule();
    }

    private List<Row> query(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Row> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                            rs.getString(8)));
                }
            }
            return out;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                throw new QueryException.Conflict("the tenant already has an alert rule of that name; pick another");
            }
            throw new IllegalStateException("alert rules: " + e.getMessage(), e);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
