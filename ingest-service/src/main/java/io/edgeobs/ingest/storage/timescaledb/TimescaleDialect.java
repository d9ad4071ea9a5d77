package io.edgeobs.ingest.storage.timescaledb;

import io.edgeobs.ingest.storage.Retention;
import io.edgeobs.ingest.storage.StorageDialect;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * TimescaleDB: hypertables with daily chunks, continuous aggregates {@code metrics_1m} and {@code metrics_1h}
 * (from the migration), and the policies below, applied from the configuration at every start: retention per
 * table, compression of raw points after a day (segmented by series), and refresh of the aggregates. TimescaleDB
 * creates chunks, expires them and folds late data into the aggregates by itself, so the periodic work is empty.
 *
 * <p>TimescaleDB cannot be installed where edgeobs is built; this SQL is syntax-checked by PostgreSQL's parser in
 * the tests (TimescaleSqlTest) and was written against the TimescaleDB 2.x API.
 */
public final class TimescaleDialect implements StorageDialect {

    private static final Logger LOG = Logger.getLogger(TimescaleDialect.class);

    private final Retention retention;

    public TimescaleDialect(Retention retention) {
        this.retention = retention;
    }

    @Override
    public String name() {
        return "timescaledb";
    }

    /** The policy statements, in order; idempotent (each policy is removed, then added with the configured value). */
    public List<String> policies() {
        return List.of(
                "SELECT remove_retention_policy('metric_points', if_exists => true)",
                "SELECT add_retention_policy('metric_points', drop_after => " + interval(retention.raw()) + ")",
                "SELECT remove_retention_policy('spans', if_exists => true)",
                "SELECT add_retention_policy('spans', drop_after => " + interval(retention.spans()) + ")",
                "SELECT remove_retention_policy('logs', if_exists => true)",
                "SELECT add_retention_policy('logs', drop_after => " + interval(retention.logs()) + ")",
                "SELECT remove_compression_policy('metric_points', if_exists => true)",
                "SELECT add_compression_policy('metric_points', compress_after => INTERVAL '1 day')",
                "SELECT remove_continuous_aggregate_policy('metrics_1m', if_exists => true)",
                "SELECT add_continuous_aggregate_policy('metrics_1m', start_offset => " + interval(retention.raw())
                        + ", end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute')",
                "SELECT remove_continuous_aggregate_policy('metrics_1h', if_exists => true)",
                "SELECT add_continuous_aggregate_policy('metrics_1h', start_offset => " + interval(retention.rollup1m())
                        + ", end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '30 minutes')",
                "SELECT remove_retention_policy('metrics_1m', if_exists => true)",
                "SELECT add_retention_policy('metrics_1m', drop_after => " + interval(retention.rollup1m()) + ")",
                "SELECT remove_retention_policy('metrics_1h', if_exists => true)",
                "SELECT add_retention_policy('metrics_1h', drop_after => " + interval(retention.rollup1h()) + ")");
    }

    @Override
    public void prepare(Connection c, Instant now) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            for (String sql : policies()) {
                s.execute(sql);
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
        LOG.infof("TimescaleDB policies applied: raw %s, metrics_1m %s, metrics_1h %s, spans %s, logs %s",
                retention.raw(), retention.rollup1m(), retention.rollup1h(), retention.spans(), retention.logs());
    }

    @Override
    public void ensureWritable(Connection c, String table, Instant from, Instant to) {
        // hypertables create their chunks on insert
    }

    @Override
    public void pointsWritten(Connection c, List<DeviceRange> ranges) {
        // continuous aggregates track changes themselves (invalidation log)
    }

    @Override
    public String maintain(Connection c, Instant now) {
        return "timescaledb policies do retention";
    }

    @Override
    public long rollUp(Connection c, Instant now) {
        return 0;
    }

    static String interval(Duration d) {
        return "INTERVAL '" + d.toSeconds() + " seconds'";
    }
}
