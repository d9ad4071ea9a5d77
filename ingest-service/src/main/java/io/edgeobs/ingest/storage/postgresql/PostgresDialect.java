package io.edgeobs.ingest.storage.postgresql;

import io.edgeobs.ingest.storage.Retention;
import io.edgeobs.ingest.storage.StorageDialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Plain PostgreSQL: native range partitions by day (by month for {@code metrics_1h}), created ahead and dropped on
 * expiry by {@link PartitionMaintenance}, and rollup tables kept by {@link RollupJob}.
 */
public final class PostgresDialect implements StorageDialect {

    private final PartitionMaintenance partitions;
    private final RollupJob rollups = new RollupJob();

    public PostgresDialect(Retention retention, int partitionsAhead) {
        this.partitions = new PartitionMaintenance(List.of(
                new PartitionedTable("metric_points", false, retention.raw()),
                new PartitionedTable("spans", false, retention.spans()),
                new PartitionedTable("logs", false, retention.logs()),
                new PartitionedTable("metrics_1m", false, retention.rollup1m()),
                new PartitionedTable("metrics_1h", true, retention.rollup1h())), partitionsAhead);
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public void prepare(Connection c, Instant now) throws SQLException {
        partitions.maintain(c, now);
    }

    @Override
    public void ensureWritable(Connection c, String table, Instant from, Instant to) throws SQLException {
        partitions.ensure(c, table, from, to);
    }

    @Override
    public void pointsWritten(Connection c, List<DeviceRange> ranges) throws SQLException {
        RollupJob.queue(c, "rollup_queue", ranges);
    }

    @Override
    public String maintain(Connection c, Instant now) throws SQLException {
        return partitions.maintain(c, now);
    }

    @Override
    public long rollUp(Connection c, Instant now) throws SQLException {
        return rollups.run(c, now);
    }
}
