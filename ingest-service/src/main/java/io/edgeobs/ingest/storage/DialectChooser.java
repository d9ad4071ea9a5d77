package io.edgeobs.ingest.storage;

import io.edgeobs.ingest.storage.postgresql.PostgresDialect;
import io.edgeobs.ingest.storage.timescaledb.TimescaleDialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Picks the dialect at start. A database that already holds edgeobs tables keeps the dialect it was created with
 * (a partitioned {@code metric_points} is PostgreSQL, a plain one a hypertable), so installing TimescaleDB later
 * never confuses the migrations. A new database gets TimescaleDB when the extension is installed, or available and
 * preloaded ({@code shared_preload_libraries}), else plain PostgreSQL; {@code postgresql} or {@code timescaledb}
 * in the configuration forces the choice.
 */
public final class DialectChooser {

    private DialectChooser() {
    }

    public static StorageDialect choose(Connection c, String configured, Retention retention, int partitionsAhead)
            throws SQLException {
        String name = switch (configured) {
            case "postgresql", "timescaledb" -> configured;
            case "auto" -> detect(c);
            default -> throw new IllegalArgumentException("edgeobs.ingest.storage.dialect must be auto, postgresql or "
                    + "timescaledb, was '" + configured + "'");
        };
        return name.equals("timescaledb") ? new TimescaleDialect(retention) : new PostgresDialect(retention, partitionsAhead);
    }

    static String detect(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT c.relkind FROM pg_class c WHERE c.relname = 'metric_points' "
                    + "AND c.relnamespace = current_schema()::regnamespace")) {
                if (rs.next()) {
                    return "p".equals(rs.getString(1)) ? "postgresql" : "timescaledb";
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') "
                    + "OR (EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb') "
                    + "AND current_setting('shared_preload_libraries') LIKE '%timescaledb%')")) {
                return rs.next() && rs.getBoolean(1) ? "timescaledb" : "postgresql";
            }
        }
    }
}
