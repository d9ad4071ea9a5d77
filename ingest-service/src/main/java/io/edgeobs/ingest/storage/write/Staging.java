package io.edgeobs.ingest.storage.write;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The staging table of a writer's connection, used only with {@code stage-metric-points=true}: temporary (no WAL, no
 * indexes, private to the session) and emptied at every commit. Points are {@code COPY}ed in binary into it, then
 * moved into {@code metric_points} with one set-based {@code INSERT ... SELECT}. Spans and logs are copied straight
 * into their tables: a temporary table emptied at every commit costs a file truncation per commit, which was a third
 * of the database's time per poll at the reference fleet load (docs/benchmarks.md).
 */
public final class Staging {

    static final String METRIC_POINTS = "stage_metric_points";

    private static final String DDL = "CREATE TEMP TABLE IF NOT EXISTS " + METRIC_POINTS + " (series_id bigint, "
            + "ts timestamptz, value double precision, exemplar_trace_id bytea) ON COMMIT DELETE ROWS";

    private Staging() {
    }

    /**
     * Creates the staging table of this session unless it exists: run before every staged write because a pooled
     * connection may be a new session.
     */
    public static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(DDL);
            s.clearWarnings();
        }
    }

    static BinaryCopyWriter copyInto(Connection c, String table, String columns) throws SQLException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        return new BinaryCopyWriter(copy.copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)"));
    }

    static int execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }
}
