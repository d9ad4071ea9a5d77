package io.edgeobs.query.alerts;

import io.edgeobs.query.config.QueryConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * Delivers the outbox: each due notification is taken with {@code FOR UPDATE SKIP LOCKED} (two replicas never
 * send the same one at once), POSTed with its id in {@code Idempotency-Key} and {@code X-Edgeobs-Notification-Id},
 * and marked delivered on a 2xx. 5xx, 408, 429 and network failures are retried with exponential backoff until
 * {@code max-attempts} or {@code max-age}, then marked failed; other 4xx fail at once (the receiver refuses the
 * body; sending it again will not help). A subject's notifications go out in transition order. Outcomes are
 * counted in {@code edgeobs_query_alert_notifications_total{outcome=delivered|retried|failed}}.
 */
@ApplicationScoped
public class WebhookDeliverer {

    private static final Logger LOG = Logger.getLogger(WebhookDeliverer.class);
    private static final String DUE = "SELECT n.id, n.url, n.payload::text, n.attempts, n.created_at, n.tenant "
            + "FROM query.alert_notifications n WHERE n.status = 'pending' AND n.next_attempt_at <= ? "
            + "AND NOT EXISTS (SELECT 1 FROM query.alert_notifications e WHERE e.rule_id = n.rule_id "
            + "AND e.subject = n.subject AND e.status = 'pending' AND e.transition < n.transition) "
            + "ORDER BY n.next_attempt_at, n.created_at LIMIT 1 FOR UPDATE OF n SKIP LOCKED";

    private final DataSource db;
    private final QueryConfig.Alerts config;
    private final HttpClient http;
    private final Counter delivered;
    private final Counter retried;
    private final Counter failed;

    public WebhookDeliverer(DataSource db, QueryConfig config, MeterRegistry registry) {
        this.db = db;
        this.config = config.alerts();
        this.http = HttpClient.newBuilder().connectTimeout(this.config.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.delivered = counter(registry, "delivered");
        this.retried = counter(registry, "retried");
        this.failed = counter(registry, "failed");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("edgeobs.query.alert.notifications").tag("outcome", outcome)
                .description("webhook notification attempts by outcome").register(registry);
    }

    /** Sends the notifications due at {@code now} (at most delivery-batch); how many attempts were made. */
    public synchronized int deliverDue(Instant now) {
        int attempts = 0;
        while (attempts < config.deliveryBatch() && !Thread.currentThread().isInterrupted()) {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                try {
                    if (!deliverOne(c, now)) {
                        c.rollback();
                        break;
                    }
                    c.commit();
                    attempts++;
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw e;
                }
            } catch (SQLException e) {
                LOG.errorf("cannot deliver alert notifications: %s", e.getMessage());
                break;
            }
        }
        return attempts;
    }

    private boolean deliverOne(Connection c, Instant now) throws SQLException {
        String id;
        String url;
        String payload;
        int attempt;
        Instant created;
        String tenant;
        try (PreparedStatement ps = c.prepareStatement(DUE)) {
            ps.setTimestamp(1, Timestamp.from(now));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                id = rs.getString(1);
                url = rs.getString(2);
                payload = rs.getString(3);
                attempt = rs.getInt(4) + 1;
                created = rs.getTimestamp(5).toInstant();
                tenant = rs.getString(6);
            }
        }
        String error = post(id, url, payload);
        if (error == null) {
            update(c, id, "delivered", attempt, now, now, null);
            delivered.increment();
            LOG.infof("alert notification %s of tenant %s delivered to %s (attempt %d)", id, tenant, url, attempt);
            return true;
        }
        boolean permanent = error.startsWith("refused");
        boolean exhausted = attempt >= config.maxAttempts() || !now.isBefore(created.plus(config.maxAge()));
        if (permanent || exhausted) {
            update(c, id, "failed", attempt, now, null, error);
            failed.increment();
            LOG.errorf("alert notification %s of tenant %s to %s given up after %d attempts: %s", id, tenant, url,
                    attempt, error);
        } else {
            update(c, id, "pending", attempt, now.plus(backoff(attempt)), null, error);
            retried.increment();
            LOG.warnf("alert notification %s of tenant %s to %s failed (attempt %d, retried): %s", id, tenant, url,
                    attempt, error);
        }
        return true;
    }

    /**
     * Deletes delivered and failed notifications older than notification-retention; how many. (A transition's
     * number lives on in its state row, so ids are not reused after this.)
     */
    public int purge(Instant now) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM query.alert_notifications WHERE status <> 'pending' AND created_at < ?")) {
            ps.setTimestamp(1, Timestamp.from(now.minus(config.notificationRetention())));
            int n = ps.executeUpdate();
            if (n > 0) {
                LOG.infof("%d alert notifications older than %s deleted from the outbox", n,
                        config.notificationRetention());
            }
            return n;
        } catch (SQLException e) {
            LOG.warnf("cannot purge old alert notifications: %s", e.getMessage());
            return 0;
        }
    }

    /** The wait after the {@code attempt}th failure: retry-backoff doubled each time, at most retry-backoff-max. */
    Duration backoff(int attempt) {
        Duration d = config.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(config.retryBackoffMax()) > 0 ? config.retryBackoffMax() : d;
    }

    /** Null on a 2xx; otherwise why not, starting with {@code refused} when retrying cannot help. */
    private String post(String id, String url, String payload) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.webhookTimeout())
                    .header("Content-Type", "application/json").header("Idempotency-Key", id)
                    .header("X-Edgeobs-Notification-Id", id).header("User-Agent", "edgeobs-query-service")
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return null;
            }
            boolean retryable = status >= 500 || status == 408 || status == 429;
            return (retryable ? "HTTP " : "refused with HTTP ") + status;
        } catch (IOException | IllegalArgumentException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static void update(Connection c, String id, String status, int attempts, Instant next, Instant deliveredAt,
                               String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE query.alert_notifications SET status = ?, attempts = ?, "
                + "next_attempt_at = ?, delivered_at = ?, last_error = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setInt(2, attempts);
            ps.setTimestamp(3, Timestamp.from(next));
            ps.setTimestamp(4, deliveredAt == null ? null : Timestamp.from(deliveredAt));
            ps.setString(5, error);
            ps.setString(6, id);
            ps.executeUpdate();
        }
    }
}
