package io.edgeobs.ingest.storage.postgresql;

import io.edgeobs.ingest.storage.Retention;
import io.edgeobs.ingest.storage.StorageDialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
        if (ranges.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollup_queue (tenant, device_id, ts_min, ts_max) "
                + "SELECT t, d, timestamptz 'epoch' + interval '1 microsecond' * lo, "
                + "timestamptz 'epoch' + interval '1 microsecond' * hi "
                + "FROM unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[]) AS r(t, d, lo, hi)")) {
            ps.setArray(1, c.createArrayOf("text", ranges.stream().map(DeviceRange::tenant).toArray()));
            ps.setArray(2, c.createArrayOf("text", ranges.stream().map(DeviceRange::deviceId).toArray()));
            ps.setArray(3, c.createArrayOf("int8", ranges.stream().map(r -> (Object) Math.floorDiv(r.minUnixNanos(), 1000L)).toArray()));
            ps.setArray(4, c.createArrayOf("int8", ranges.stream().map(r -> (Object) Math.floorDiv(r.maxUnixNanos(), 1000L)).toArray()));
            ps.executeUpdate();
        }
    }

    @Override
    public String maintain(Connection c, Instant now) throws SQLException {
        return partitions.maintain(c, now);
    }

    @Override
    public long rollUp(Connection c) throws SQLException {
        return rollups.run(c);
    }
}
