package io.edgeobs.ingest.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * What differs between plain PostgreSQL and TimescaleDB. Both give readers the same tables and columns
 * ({@code metric_points}, {@code metrics_1m}, {@code metrics_1h}, {@code spans}, {@code logs}, and the common
 * catalog); they differ in how time is partitioned, expired and rolled up.
 */
public interface StorageDialect {

    /** {@code postgresql} or {@code timescaledb}. */
    String name();

    /** The Flyway location of this dialect's migrations, applied after {@code db/ingest/common}. */
    default String migrations() {
        return "db/ingest/" + name();
    }

    /** At every start, after the migrations: policies (TimescaleDB) or partitions around today (PostgreSQL). */
    void prepare(Connection c, Instant now) throws SQLException;

    /**
     * Before a write, outside its transaction: makes sure rows of {@code table} between {@code from} and {@code to}
     * (within retention) have somewhere to go.
     */
    void ensureWritable(Connection c, String table, Instant from, Instant to) throws SQLException;

    /** Inside the write transaction: which devices got metric points for which times, for the rollups. */
    void pointsWritten(Connection c, List<DeviceRange> ranges) throws SQLException;

    /** Periodic: creates what is needed ahead and drops what expired; returns a line saying what it did. */
    String maintain(Connection c, Instant now) throws SQLException;

    /**
     * Periodic: brings {@code metrics_1m} and {@code metrics_1h} up to date with the buckets closed at {@code now};
     * returns rollup rows written.
     */
    long rollUp(Connection c, Instant now) throws SQLException;

    /** A time range of one device's new points, unix ns, both ends inclusive. */
    record DeviceRange(String tenant, String deviceId, long minUnixNanos, long maxUnixNanos) {
    }
}
