package io.edgeobs.query.alerts;

import io.edgeobs.query.alerts.AlertStateMachine.Current;
import io.edgeobs.query.alerts.AlertStateMachine.Step;
import io.edgeobs.query.config.QueryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates every rule at a given {@code now}: reads each subject's value, moves its state and stores the
 * transitions to notify, one transaction per rule. The rule's row is locked with {@code FOR UPDATE SKIP LOCKED},
 * so two replicas never evaluate a rule at the same time (the second skips it). A rule that fails (a bad stored
 * spec, a failing query) is logged, noted on the rule and counted in
 * {@code edgeobs_query_alert_evaluation_errors_total}; the others go on.
 */
@ApplicationScoped
public class AlertEvaluator {

    private static final Logger LOG = Logger.getLogger(AlertEvaluator.class);

    private final DataSource db;
    private final RuleStore rules;
    private final Outbox outbox;
    private final QueryConfig config;
    private final Counter errors;

    /** What one run did. */
    public record Summary(int evaluated, int failed, int skipped, int transitions) {
    }

    public AlertEvaluator(DataSource db, RuleStore rules, Outbox outbox, QueryConfig config, MeterRegistry registry) {
        this.db = db;
        this.rules = rules;
        this.outbox = outbox;
        this.config = config;
        this.errors = Counter.builder("edgeobs.query.alert.evaluation.errors")
                .description("alert rule evaluations that failed").register(registry);
    }

    /** Evaluates all rules of all tenants; one run at a time per replica. */
    public synchronized Summary evaluateAll(Instant now) {
        int evaluated = 0;
        int failed = 0;
        int skipped = 0;
        int transitions = 0;
        for (RuleStore.Row row : rules.all()) {
            try {
                int t = evaluate(row.rule().rule(), now);
                if (t < 0) {
                    skipped++;
                } else {
                    evaluated++;
                    transitions += t;
                }
            } catch (Exception e) {
                failed++;
                errors.increment();
                LOG.errorf("alert rule %s of tenant %s failed to evaluate at %s: %s", row.id(), row.tenant(), now,
                        e.getMessage());
                recordError(row.id(), now, e.getMessage());
            }
        }
        LOG.debugf("alert evaluation at %s: %d rules evaluated, %d failed, %d skipped, %d transitions", now, evaluated,
                failed, skipped, transitions);
        return new Summary(evaluated, failed, skipped, transitions);
    }

    /** Evaluates one rule; the number of notified transitions, or -1 when another replica holds the rule. */
    int evaluate(AlertRule r, Instant now) throws SQLException {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (!lock(c, r)) {
                    c.rollback();
                    return -1;
                }
                try (Statement st = c.createStatement()) {
                    st.execute("SET LOCAL statement_timeout = '30s'");
                }
                Map<String, Double> values = SubjectValues.of(c, r, now, config.alerts().maxSubjects());
                Map<String, Current> states = AlertStates.forRule(c, r);
                Set<String> subjects = new LinkedHashSet<>(values.keySet());
                subjects.addAll(states.keySet());
                int notified = 0;
                try (AlertStates.Writer writer = new AlertStates.Writer(c)) {
                    for (String subject : subjects) {
                        Double v = values.get(subject);
                        Double value = v == null || v.isNaN() ? null : v;
                        Current current = states.get(subject);
                        Step step = AlertStateMachine.next(current, value != null && r.breaches(value), now,
                                r.forDuration());
                        if (!step.changed(current) && (step.state() == AlertStateMachine.State.INACTIVE
                                || step.state() == AlertStateMachine.State.RESOLVED)) {
                            continue; // still fine: nothing to write (a subject that never left inactive has no row)
                        }
                        long transitions = current == null ? Outbox.lastTransition(c, r, subject) : current.transitions();
                        if (step.notifies()) {
                            transitions++;
                            notified++;
                            outbox.enqueue(c, r, subject, transitions, step, value, now);
                            LOG.infof("alert %s (%s) of tenant %s for %s is %s (value %s)", r.id(), r.name(),
                                    r.tenant(), subject, AlertRule.wire(step.state()), value);
                        }
                        writer.add(r, subject, step, value, now, transitions);
                    }
                    writer.flush();
                }
                RuleStore.recordEvaluation(c, r.id(), now, null);
                c.commit();
                return notified;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static boolean lock(Connection c, AlertRule r) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM query.alert_rules WHERE id = ? AND tenant = ? FOR UPDATE SKIP LOCKED")) {
            ps.setString(1, r.id());
            ps.setString(2, r.tenant());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void recordError(String id, Instant now, String error) {
        try (Connection c = db.getConnection()) {
            RuleStore.recordEvaluation(c, id, now, error == null ? "failed" : error);
        } catch (SQLException e) {
            LOG.warnf("cannot note the failed evaluation of alert rule %s: %s", id, e.getMessage());
        }
    }
}
