package io.edgeobs.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The data the query benchmark reads, loaded with COPY into the ingest service's tables (its own migration files,
 * daily partitions as the ingest service's maintenance makes them): metric points of many series at a 10 s
 * interval over the last day, their 1-minute rollups, spans in 10-span traces, logs with words from a fixed
 * vocabulary, and the devices. Deterministic (seeded), so runs compare.
 */
final class QueryBenchData {

    static final String TENANT = "bench";
    static final String METRIC = "bench_cpu_seconds";
    static final int POINT_INTERVAL_S = 10;
    static final int POINTS_PER_SERIES = 24 * 3600 / POINT_INTERVAL_S;
    static final int SPANS_PER_TRACE = 10;
    static final int DEVICES = 200;
    static final List<String> SERVICES = List.of("sensor-reader", "uplink", "rules-engine", "storage", "camera");
    private static final int CHUNK = 50_000;

    final Instant end;
    final Instant start;
    final int series;
    final long spans;
    final long logs;
    private final String[] vocabulary;

    QueryBenchData(Instant end, long points, long spans, long logs) {
        this.end = end;
        this.start = end.minus(Duration.ofDays(1));
        this.series = (int) Math.max(1, points / POINTS_PER_SERIES);
        this.spans = spans;
        this.logs = logs;
        SplittableRandom r = new SplittableRandom(7);
        vocabulary = new String[2000];
        for (int i = 0; i < vocabulary.length; i++) {
            StringBuilder w = new StringBuilder();
            int len = 4 + r.nextInt(6);
            for (int j = 0; j < len; j++) {
                w.append((char) ('a' + r.nextInt(26)));
            }
            vocabulary[i] = w.toString() + i;
        }
    }

    long points() {
        return (long) series * POINTS_PER_SERIES;
    }

    /** The device of series {@code i}: 200 devices, each with series for several cores. */
    static String device(int seriesIndex) {
        return "dev-" + (seriesIndex % DEVICES);
    }

    static String core(int seriesIndex) {
        return Integer.toString(seriesIndex / DEVICES);
    }

    /** A word of the vocabulary: index 0 is in every 10th log ("common"), the others about 1 in 250 logs. */
    String word(int i) {
        return vocabulary[i];
    }

    static String traceId(long trace) {
        return String.format("%016x%016x", 0x0bedc0de00000000L | (trace >>> 32), trace * 0x9E3779B97F4A7C15L);
    }

    void schema(Connection c, Path migrations) throws SQLException, IOException {
        try (Statement st = c.createStatement()) {
            st.execute(Files.readString(migrations.resolve("common/V1__catalog_ledger_devices.sql")));
            st.execute(Files.readString(migrations.resolve("postgresql/V2__time_series_partitioned.sql")));
            DateTimeFormatter day = DateTimeFormatter.ofPattern("yyyyMMdd");
            for (LocalDate d = LocalDate.ofInstant(start, ZoneOffset.UTC).minusDays(1);
                 !d.isAfter(LocalDate.ofInstant(end, ZoneOffset.UTC).plusDays(1)); d = d.plusDays(1)) {
                for (String t : List.of("metric_points", "metrics_1m", "spans", "logs")) {
                    st.execute("CREATE TABLE " + t + "_p" + day.format(d) + " PARTITION OF " + t + " FOR VALUES FROM ('"
                            + d + "') TO ('" + d.plusDays(1) + "')");
                }
            }
            st.execute("CREATE TABLE metrics_1h_pdefault PARTITION OF metrics_1h DEFAULT");
        }
    }

    void load(Connection c) throws SQLException, IOException {
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        long t0 = System.nanoTime();
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < DEVICES; d++) {
            b.append(TENANT).append("\tdev-").append(d).append("\tfleet-").append(d % 4).append("\trpi4\t0.1.0\t{}\tgw-")
                    .append(d % 3).append("\teu-west\t").append(start).append('\t').append(end).append('\n');
        }
        copy.copyIn("COPY devices (tenant, device_id, fleet, device_type, agent_version, resource_tags, gateway_id, "
                + "region, first_seen, last_seen) FROM STDIN", new StringReader(b.toString()));
        b.setLength(0);
        for (int s = 0; s < series; s++) {
            b.append(s + 1).append("\t\\\\x").append(String.format("%064x", s + 1)).append('\t').append(TENANT).append('\t')
                    .append(device(s)).append('\t').append(METRIC).append("\tseconds\tcounter\t{\"core\": \"")
                    .append(core(s)).append("\"}\n");
        }
        copy.copyIn("COPY series (id, key_hash, tenant, device_id, name, unit, kind, tags) FROM STDIN",
                new StringReader(b.toString()));
        long startEpoch = start.getEpochSecond();
        long rows = 0;
        b.setLength(0);
        for (int s = 0; s < series; s++) {
            double v = 1000.0 * s;
            for (int i = 0; i < POINTS_PER_SERIES; i++) {
                v += 0.5 + (i % 7) * 0.1;
                b.append(s + 1).append('\t').append(Instant.ofEpochSecond(startEpoch + (long) i * POINT_INTERVAL_S))
                        .append('\t').append(v).append('\n');
                if (++rows % CHUNK == 0) {
                    copy.copyIn("COPY metric_points (series_id, ts, value) FROM STDIN", new StringReader(b.toString()));
                    b.setLength(0);
                    progress("metric points", rows, points(), t0);
                }
            }
        }
        copy.copyIn("COPY metric_points (series_id, ts, value) FROM STDIN", new StringReader(b.toString()));
        b.setLength(0);
        progress("metric points", rows, points(), t0);
        try (Statement st = c.createStatement()) {
            long r0 = System.nanoTime();
            // the rollup the ingest service's job keeps: one row per series and minute
            st.execute("INSERT INTO metrics_1m (series_id, bucket, min, max, avg, sum, count, last) "
                    + "SELECT series_id, date_trunc('minute', ts), min(value), max(value), avg(value), sum(value), count(*), "
                    + "(array_agg(value ORDER BY ts DESC))[1] FROM metric_points GROUP BY 1, 2");
            System.out.printf("  metrics_1m rollup in %.1f s%n", (System.nanoTime() - r0) / 1e9);
        }
        loadSpans(copy);
        loadLogs(copy);
        try (Statement st = c.createStatement()) {
            st.execute("INSERT INTO span_operations (tenant, service, operation, span_kind) "
                    + "SELECT DISTINCT tenant, service, operation, span_kind FROM spans");
            long a0 = System.nanoTime();
            st.execute("VACUUM ANALYZE");
            System.out.printf("  vacuum analyze in %.1f s%n", (System.nanoTime() - a0) / 1e9);
        }
    }

    private void loadSpans(CopyManager copy) throws SQLException, IOException {
        long t0 = System.nanoTime();
        long traces = Math.max(1, spans / SPANS_PER_TRACE);
        long window = Duration.between(start, end).toMillis() * 1000;
        SplittableRandom r = new SplittableRandom(11);
        StringBuilder b = new StringBuilder();
        long rows = 0;
        for (long t = 0; t < traces; t++) {
            String trace = traceId(t);
            long traceStartMicros = start.toEpochMilli() * 1000 + (window / traces) * t;
            String device = "dev-" + r.nextInt(DEVICES);
            for (int s = 0; s < SPANS_PER_TRACE; s++) {
                String service = SERVICES.get(s % SERVICES.size());
                long startMicros = traceStartMicros + s * 1000L;
                long durNanos = (SPANS_PER_TRACE - s) * 900_000L + r.nextInt(100_000);
                b.append(TENANT).append('\t').append(device).append("\t\\\\x").append(trace).append("\t\\\\x")
                        .append(String.format("%016x", t * 16 + s + 1)).append('\t');
                if (s == 0) {
                    b.append("\\N");
                } else {
                    b.append("\\\\x").append(String.format("%016x", t * 16 + (s - 1) / 2 + 1));
                }
                b.append('\t').append(service).append("\top-").append(s % 4).append('\t').append(s == 0 ? "server" : "client")
                        .append('\t').append(Instant.ofEpochSecond(0, startMicros * 1000)).append('\t').append(durNanos)
                        .append('\t').append(r.nextInt(100) == 0 ? "error" : "ok")
                        .append("\t\t{\"http.status_code\": ").append(200).append(", \"device.zone\": \"z")
                        .append(r.nextInt(8)).append("\"}\t[]\t[]\n");
                if (++rows % CHUNK == 0) {
                    copySpans(copy, b);
                    progress("spans", rows, traces * SPANS_PER_TRACE, t0);
                }
            }
        }
        copySpans(copy, b);
        progress("spans", rows, traces * SPANS_PER_TRACE, t0);
    }

    private static void copySpans(CopyManager copy, StringBuilder b) throws SQLException, IOException {
        copy.copyIn("COPY spans (tenant, device_id, trace_id, span_id, parent_span_id, service, operation, span_kind, "
                + "start_time, duration_ns, status_code, status_message, tags, events, links) FROM STDIN",
                new StringReader(b.toString()));
        b.setLength(0);
    }

    private void loadLogs(CopyManager copy) throws SQLException, IOException {
        long t0 = System.nanoTime();
        long windowMicros = Duration.between(start, end).toMillis() * 1000;
        SplittableRandom r = new SplittableRandom(13);
        StringBuilder b = new StringBuilder();
        for (long i = 0; i < logs; i++) {
            long micros = start.toEpochMilli() * 1000 + windowMicros * i / logs;
            b.append(TENANT).append("\tdev-").append(r.nextInt(DEVICES)).append('\t')
                    .append(Instant.ofEpochSecond(0, micros * 1000)).append('\t').append(i % 20 == 0 ? 5 : 3).append('\t');
            if (i % 10 == 0) {
                b.append(vocabulary[0]).append(' ');
            }
            for (int w = 0; w < 8; w++) {
                b.append(vocabulary[1 + r.nextInt(vocabulary.length - 1)]).append(w < 7 ? " " : "");
            }
            b.append("\t{\"component\": \"c").append(r.nextInt(20)).append("\"}\n");
            if ((i + 1) % CHUNK == 0) {
                copyLogs(copy, b);
                progress("logs", i + 1, logs, t0);
            }
        }
        copyLogs(copy, b);
        progress("logs", logs, logs, t0);
    }

    private static void copyLogs(CopyManager copy, StringBuilder b) throws SQLException, IOException {
        copy.copyIn("COPY logs (tenant, device_id, ts, level, message, fields) FROM STDIN", new StringReader(b.toString()));
        b.setLength(0);
    }

    private static long lastProgress;

    private static void progress(String what, long done, long total, long t0) {
        long now = System.nanoTime();
        if (done == total || now - lastProgress > 5_000_000_000L) {
            lastProgress = now;
            System.out.printf("  %-14s %,12d / %,d  (%.0f s)%n", what, done, total, (now - t0) / 1e9);
        }
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
