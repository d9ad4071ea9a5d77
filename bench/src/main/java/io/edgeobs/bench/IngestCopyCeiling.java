package io.edgeobs.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ceiling the ingest path is compared with: the very rows ingest stored, copied out in PostgreSQL's binary
 * format, the table emptied, and the rows copied back into the same partitioned {@code metric_points} (same
 * partitions, same index) with binary {@code COPY}, on as many connections as ingest has consumers. No Kafka, no
 * decoding, no ledger, no series lookup: only what the database must do to take the rows.
 */
final class IngestCopyCeiling {

    private IngestCopyCeiling() {
    }

    record Result(long rows, double seconds) {
        double perSecond() {
            return rows / seconds;
        }
    }

    static Result measure(String jdbcUrl, String user, String password, int connections) throws Exception {
        List<byte[]> parts = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int i = 0; i < connections; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                copy.copyOut("COPY (SELECT series_id, ts, value, exemplar_trace_id FROM metric_points WHERE series_id % "
                        + connections + " = " + i + ") TO STDOUT (FORMAT binary)", out);
                parts.add(out.toByteArray());
            }
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE metric_points");
                s.execute("CHECKPOINT");
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Callable<Long>> jobs = new ArrayList<>();
            for (byte[] part : parts) {
                jobs.add(() -> {
                    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
                        c.setAutoCommit(false);
                        long n = c.unwrap(PGConnection.class).getCopyAPI().copyIn(
                                "COPY metric_points (series_id, ts, value, exemplar_trace_id) FROM STDIN (FORMAT binary)",
                                new ByteArrayInputStream(part), 256 * 1024);
                        c.commit();
                        return n;
                    }
                });
            }
            long started = System.nanoTime();
            long rows = 0;
            for (Future<Long> f : pool.invokeAll(jobs)) {
                rows += f.get();
            }
            return new Result(rows, (System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdown();
        }
    }
}
