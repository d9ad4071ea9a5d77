package io.edgeobs.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ceiling the ingest path is compared with: the very rows ingest stored, copied out in PostgreSQL's binary
 * format, the table emptied, and the rows copied back into the same partitioned {@code metric_points} (same
 * partitions, same index) with binary {@code COPY}, on as many connections as ingest has consumers. No Kafka, no
 * decoding, no ledger, no series lookup: only what the database must do to take the rows.
 * <p>
 * The table holds the same rows afterwards, but it is emptied while the ceiling runs: run it when nothing writes to
 * or reads {@code metric_points} (after a scenario's data is stored, with ingest idle).
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.edgeobs.bench.IngestCopyCeiling JDBC_URL USER PASSWORD [seconds] [connections]
 * </pre>
 */
public final class IngestCopyCeiling {

    private static final String COPY_IN =
            "COPY metric_points (series_id, ts, value, exemplar_trace_id) FROM STDIN (FORMAT binary)";

    private IngestCopyCeiling() {
    }

    record Result(long rows, double seconds) {
        double perSecond() {
            return rows / seconds;
        }
    }

    /** The rows of {@code metric_points} in binary COPY format, split by series over the connections. */
    private record Parts(List<byte[]> data, List<Long> rows) {
        long rowCount() {
            return rows.stream().mapToLong(Long::longValue).sum();
        }

        long bytes() {
            return data.stream().mapToLong(b -> b.length).sum();
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: IngestCopyCeiling JDBC_URL USER PASSWORD [seconds] [connections]  (empties and "
                    + "refills metric_points: run it when nothing else uses the table)");
            System.exit(2);
        }
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int connections = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        System.out.println(measure(Duration.ofSeconds(seconds), args[0], args[1], args[2], connections));
    }

    /** One round: the table's rows copied out, the table emptied, the rows copied back in. */
    static Result measure(String jdbcUrl, String user, String password, int connections) throws Exception {
        Parts parts = copyOut(jdbcUrl, user, password, connections, Long.MAX_VALUE);
        truncate(jdbcUrl, user, password);
        return copyIn(jdbcUrl, user, password, parts);
    }

    /**
     * Copies the table's rows out once, then empties the table and copies them back in, round after round, until
     * the COPY time adds up to {@code d} (at least one round; the last round is always completed, so the table ends
     * with the rows it had). Prints one progress line a second.
     *
     * @return rows/s over all rounds' COPY time, with rounds, rows, seconds, MB/s of the binary data and the
     * connections in the details
     * @throws IllegalStateException when {@code metric_points} is empty (there is nothing to copy)
     */
    public static Ceiling measure(Duration d, String jdbcUrl, String user, String password, int connections)
            throws Exception {
        return measure(d, jdbcUrl, user, password, connections, Long.MAX_VALUE);
    }

    /**
     * The same with at most {@code maxRows} of the table's rows copied out and in again (a table of a long load does
     * not fit in memory); the table then ends with those rows only.
     */
    public static Ceiling measure(Duration d, String jdbcUrl, String user, String password, int connections,
                                  long maxRows) throws Exception {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, was " + connections);
        }
        System.out.println("binary COPY ceiling: copying metric_points out ...");
        Parts parts = copyOut(jdbcUrl, user, password, connections, maxRows);
        if (parts.rowCount() == 0) {
            throw new IllegalStateException("metric_points is empty: the COPY ceiling copies the rows ingest stored, "
                    + "run it after a load");
        }
        System.out.printf(Locale.ROOT, "  %,d rows, %.1f MB in binary format, on %d connections%n", parts.rowCount(),
                parts.bytes() / 1e6, connections);
        long rows = 0;
        double seconds = 0;
        int rounds = 0;
        while (rounds == 0 || seconds < d.toNanos() / 1e9) {
            truncate(jdbcUrl, user, password);
            rounds++;
            System.out.printf(Locale.ROOT, "  round %d: COPY of %,d rows ...%n", rounds, parts.rowCount());
            Result r = copyIn(jdbcUrl, user, password, parts);
            System.out.printf(Locale.ROOT, "  round %d: %,d rows in %.1f s, %,.0f rows/s%n", rounds, r.rows(),
                    r.seconds(), r.perSecond());
            rows += r.rows();
            seconds += r.seconds();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("metric points/s", rows / seconds);
        details.put("MB/s", parts.bytes() * (double) rounds / 1e6 / seconds);
        details.put("rows", rows);
        details.put("rounds", rounds);
        details.put("seconds", seconds);
        details.put("connections", connections);
        return new Ceiling("binary-copy", "rows/s", rows / seconds, details);
    }

    private static Parts copyOut(String jdbcUrl, String user, String password, int connections, long maxRows)
            throws Exception {
        List<byte[]> data = new ArrayList<>();
        List<Long> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (int i = 0; i < connections; i++) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                rows.add(copy.copyOut("COPY (SELECT series_id, ts, value, exemplar_trace_id FROM metric_points WHERE "
                        + "series_id % " + connections + " = " + i
                        + (maxRows == Long.MAX_VALUE ? "" : " LIMIT " + maxRows / connections) + ") TO STDOUT (FORMAT binary)", out));
                data.add(out.toByteArray());
            }
        }
        return new Parts(data, rows);
    }

    /** Empties the table, and checkpoints so that the copy does not pay for the truncation's writes. */
    private static void truncate(String jdbcUrl, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password); Statement s = c.createStatement()) {
            s.execute("TRUNCATE metric_points");
            s.execute("CHECKPOINT");
        }
    }

    /** Copies every part in on its own connection, in parallel, one transaction each; progress once a second. */
    private static Result copyIn(String jdbcUrl, String user, String password, Parts parts) throws Exception {
        List<ByteArrayInputStream> streams = parts.data().stream().map(ByteArrayInputStream::new).toList();
        ExecutorService pool = Executors.newFixedThreadPool(streams.size());
        try {
            List<Callable<Long>> jobs = new ArrayList<>();
            for (ByteArrayInputStream in : streams) {
                jobs.add(() -> {
                    try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
                        c.setAutoCommit(false);
                        long n = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_IN, in, 256 * 1024);
                        c.commit();
                        return n;
                    }
                });
            }
            long started = System.nanoTime();
            List<Future<Long>> futures = new ArrayList<>();
            for (Callable<Long> job : jobs) {
                futures.add(pool.submit(job));
            }
            long rows = 0;
            for (Future<Long> f : futures) {
                while (!f.isDone()) {
                    try {
                        f.get(1, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (java.util.concurrent.TimeoutException e) {
                        progress(parts, streams, started);
                    }
                }
                rows += f.get();
            }
            return new Result(rows, (System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Rows sent so far, estimated from the share of each part's bytes the driver has read. */
    private static void progress(Parts parts, List<ByteArrayInputStream> streams, long started) {
        double sent = 0;
        for (int i = 0; i < streams.size(); i++) {
            int length = parts.data().get(i).length;
            sent += length == 0 ? 0 : parts.rows().get(i) * (double) (length - streams.get(i).available()) / length;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf(Locale.ROOT, "    %4.0f s: %,.0f of %,d rows sent (%,.0f rows/s)%n", seconds, sent,
                parts.rowCount(), sent / seconds);
    }
}
