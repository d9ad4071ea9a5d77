package io.edgeobs.ingest.storage.write;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The staging tables of a writer's connection: temporary (no WAL, no indexes, private to the session) and emptied
 * at every commit. Rows are {@code COPY}ed in binary into them, then moved into the real tables with one
 * set-based {@code INSERT ... SELECT} each, which is also where derived tables ({@code span_operations}) are fed.
 */
public final class Staging {

    static final String METRIC_POINTS = "stage_metric_points";
    static final String SPANS = "stage_spans";
    static final String LOGS = "stage_logs";

    private static final String[] DDL = {
        "CREATE TEMP TABLE IF NOT EXISTS " + METRIC_POINTS + " (series_id bigint, ts timestamptz, value double precision, "
                + "exemplar_trace_id bytea) ON COMMIT DELETE ROWS",
        "CREATE TEMP TABLE IF NOT EXISTS " + SPANS + " (tenant text, device_id text, trace_id bytea, span_id bytea, "
                + "parent_span_id bytea, service text, operation text, span_kind text, start_time timestamptz, "
                + "duration_ns bigint, status_code text, status_message text, tags jsonb, events jsonb, links jsonb) "
                + "ON COMMIT DELETE ROWS",
        "CREATE TEMP TABLE IF NOT EXISTS " + LOGS + " (tenant text, device_id text, ts timestamptz, level smallint, "
                + "message text, fields jsonb, trace_id bytea, span_id bytea) ON COMMIT DELETE ROWS",
    };

    private Staging() {
    }

    private static final String CREATE_ALL = String.join(";\n", DDL);

    /**
     * Creates the staging tables of this session unless they exist: one round trip, run before every write because
     * a pooled connection may be a new session.
     */
    public static void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(CREATE_ALL);
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
