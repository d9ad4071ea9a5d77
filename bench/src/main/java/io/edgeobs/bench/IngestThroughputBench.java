package io.edgeobs.bench;

import io.edgeobs.testsupport.DataDirs;
import io.edgeobs.testsupport.kafka.EmbeddedKafka;
import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;
import io.edgeobs.testsupport.process.AppProcess;
import io.edgeobs.testsupport.registry.SchemaRegistryProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metric points per second from Kafka into PostgreSQL through the packaged ingest service, on this machine, with
 * the in-JVM Kafka broker and embedded PostgreSQL (PostgreSQL's default durability: fsync and synchronous commit
 * on), then, in the same run, the ceiling: binary COPY of the same rows into the same table.
 * <ol>
 *   <li>backlog: {@code devices x rounds} batches of 1,000 points produced first, then the service started; the
 *       rate is points stored over the time from the first stored batch to the last;</li>
 *   <li>live: batches produced at a fixed rate for {@code liveSeconds} while the service runs; the lag behind the
 *       topic end (points produced but not yet stored) is sampled every 500 ms;</li>
 *   <li>ceiling: {@link IngestCopyCeiling} on as many connections as the service has consumers.</li>
 * </ol>
 * <pre>
 *   ./mvnw -pl schema-registry,ingest-service,bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar io.edgeobs.bench.IngestThroughputBench [devices] [rounds] [liveRate] [liveSeconds] [direct|staged]
 * </pre>
 */
public final class IngestThroughputBench {

    private static final int CONSUMERS = 2;

    private IngestThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int devices = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int liveRate = args.length > 2 ? Integer.parseInt(args[2]) : 150_000;
        int liveSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        boolean staged = args.length > 4 && args[4].equals("staged");
        Path work = Path.of("bench/target/ingest-bench");
        DataDirs.deleteRecursively(work);
        Files.createDirectories(work);
        Path jar = Path.of("ingest-service/target/quarkus-app/quarkus-run.jar");
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().autoCreateTopics(false).start();
             EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().dataDir(work.resolve("postgres")).start();
             SchemaRegistryProcess registry = SchemaRegistryProcess.start(work.resolve("registry.log"))) {
            kafka.createTopic("edgeobs.metrics", 4);
            kafka.createTopic("edgeobs.spans", 1);
            kafka.createTopic("edgeobs.logs", 1);
            kafka.createTopic("edgeobs.dlq", 1);
            String jdbc = pg.createDatabase("ingest_bench");
            tune(jdbc, pg);
            long start = Instant.now().minus(Duration.ofHours(3)).getEpochSecond() * 1_000_000_000L;
            try (IngestLoad load = new IngestLoad(kafka.bootstrapServers(), registry.url(), devices, start)) {
                System.out.printf("producing the backlog: %d devices x %d batches of %d points ...%n", devices, rounds,
                        IngestLoad.POINTS_PER_BATCH);
                long t0 = System.nanoTime();
                long backlog = load.produceRounds(rounds);
                double produceSeconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("  %,d points in %.1f s (%,.0f points/s into Kafka)%n", backlog, produceSeconds,
                        backlog / produceSeconds);

                Map<String, String> config = new java.util.HashMap<>(Map.of(
                        "quarkus.datasource.jdbc.url", jdbc,
                        "quarkus.datasource.username", pg.username(),
                        "quarkus.datasource.password", pg.password(),
                        "kafka.bootstrap.servers", kafka.bootstrapServers(),
                        "edgeobs.schema-registry.url", registry.url(),
                        "edgeobs.ingest.kafka.consumers", Integer.toString(CONSUMERS),
                        "edgeobs.ingest.storage.stage-metric-points", Boolean.toString(staged)));
                // -Dingest.config=key=value,key=value: more settings of the service, for experiments
                for (String kv : System.getProperty("ingest.config", "").split(",")) {
                    if (kv.contains("=")) {
                        config.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                    }
                }
                Drain drain;
                Live live;
                String drainCpu;
                try (AppProcess ingest = AppProcess.launch(jar, 0, config, jvmFlags(work), work.resolve("ingest.log"))) {
                    ingest.awaitReady(Duration.ofSeconds(120));
                    System.out.println("draining the backlog ...");
                    String pgData = pg.dataDir().resolve("data").toString();
                    var cpuBefore = IngestCpu.snapshot(pgData);
                    drain = drain(jdbc, pg, backlog);
                    drainCpu = IngestCpu.describe(IngestCpu.since(cpuBefore, pgData), drain.seconds());
                    System.out.println("  " + drain);
                    System.out.println("  CPU: " + drainCpu);
                    System.out.printf("live: %,d points/s for %d s ...%n", liveRate, liveSeconds);
                    live = live(load, jdbc, pg, backlog, liveRate, liveSeconds);
                    System.out.println("  " + live);
                }
                System.out.println("ceiling: binary COPY of the same rows into the same table ...");
                IngestCopyCeiling.Result ceiling = IngestCopyCeiling.measure(jdbc, pg.username(), pg.password(), CONSUMERS);
                System.out.printf("  %,d rows in %.1f s: %,.0f rows/s%n", ceiling.rows(), ceiling.seconds(), ceiling.perSecond());
                double ratio = drain.perSecond() / ceiling.perSecond();
                System.out.printf("ratio ingest / ceiling: %.2f%n", ratio);
                report(args, devices, liveRate, liveSeconds, backlog, backlog / produceSeconds, drain, drainCpu, live, ceiling, ratio, staged);
            }
        }
    }

    record Drain(long points, double seconds) {
        double perSecond() {
            return points / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d points in %.1f s: %,.0f points/s", points, seconds, perSecond());
        }
    }

    record Live(long points, double seconds, long p50Lag, long maxLag, double catchUpSeconds, int rate) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,d points in %.1f s; lag behind the topic end p50 %,d points "
                    + "(%.2f s), max %,d points (%.2f s); caught up %.1f s after the last batch was produced", points,
                    seconds, p50Lag, p50Lag / (double) rate, maxLag, maxLag / (double) rate, catchUpSeconds);
        }
    }

    /** From the first stored batch to the last, polling the ledger (cheap: one row per batch). */
    private static Drain drain(String jdbc, EmbeddedPostgresServer pg, long total) throws Exception {
        long first = -1;
        long firstCount = 0;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        try (Connection c = DriverManager.getConnection(jdbc, pg.username(), pg.password())) {
            while (System.nanoTime() < deadline) {
                long stored = stored(c);
                long now = System.nanoTime();
                if (first < 0 && stored > 0) {
                    first = now;
                    firstCount = stored;
                }
                if (stored >= total) {
                    return new Drain(total - firstCount, (now - first) / 1e9);
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("the backlog was not stored within 15 minutes");
    }

    private static Live live(IngestLoad load, String jdbc, EmbeddedPostgresServer pg, long base, int rate, int seconds)
            throws Exception {
        int batchesPerSecond = Math.max(1, rate / IngestLoad.POINTS_PER_BATCH);
        long intervalNanos = 1_000_000_000L / batchesPerSecond;
        AtomicLong produced = new AtomicLong();
        long total = (long) batchesPerSecond * seconds;
        Thread producer = new Thread(() -> {
            long begin = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = begin + i * intervalNanos;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                produced.addAndGet(load.send(load.nextBatch((int) (i % load.devices()))));
            }
            load.flush();
        }, "bench-producer");
        List<Long> lags = new ArrayList<>();
        long started = System.nanoTime();
        producer.start();
        try (Connection c = DriverManager.getConnection(jdbc, pg.username(), pg.password())) {
            while (producer.isAlive()) {
                Thread.sleep(500);
                lags.add(Math.max(0, produced.get() - (stored(c) - base)));
            }
            long producedAll = System.nanoTime();
            long expected = total * IngestLoad.POINTS_PER_BATCH;
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (stored(c) - base < expected && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            double catchUp = (System.nanoTime() - producedAll) / 1e9;
            Collections.sort(lags);
            return new Live(expected, (System.nanoTime() - started) / 1e9, lags.isEmpty() ? 0 : lags.get(lags.size() / 2),
                    lags.isEmpty() ? 0 : lags.get(lags.size() - 1), catchUp, rate);
        }
    }

    /**
     * The one setting an ingest database gets first: checkpoints far enough apart (max_wal_size 4 GB) that they do not
     * dominate a bulk load. It applies to the ceiling as much as to ingest.
     */
    private static void tune(String jdbc, EmbeddedPostgresServer pg) throws Exception {
        try (Connection c = DriverManager.getConnection(jdbc, pg.username(), pg.password()); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET max_wal_size = '4GB'");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /** A throughput service's flags (1 GiB heap, the parallel collector), and a flight recording with -Dingest.jfr=true. */
    private static List<String> jvmFlags(Path work) {
        List<String> flags = new ArrayList<>(List.of("-Xmx1g", "-XX:+UseParallelGC"));
        if (Boolean.getBoolean("ingest.jfr")) {
            flags.add("-XX:StartFlightRecording=filename=" + work.resolve("ingest.jfr").toAbsolutePath() + ",settings=profile");
        }
        return flags;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min)";
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static long stored(Connection c) throws Exception {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(sum(records), 0) FROM ingest_ledger")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return 0; // the service has not created its tables yet
        }
    }

    private static void report(String[] args, int devices, int liveRate, int liveSeconds, long backlog, double produceRate,
                               Drain drain, String drainCpu, Live live, IngestCopyCeiling.Result ceiling, double ratio,
                               boolean staged) throws Exception {
        Path file = Path.of("docs/benchmarks.md");
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        String body = "### Ingest: Kafka to PostgreSQL" + (staged ? " (metric points through staging)" : "") + "\n\n"
                + BenchReport.machine("java -cp bench/target/benchmarks.jar io.edgeobs.bench.IngestThroughputBench "
                + String.join(" ", args))
                + "- setup: the packaged ingest service (one JVM, -Xmx1g -XX:+UseParallelGC, " + CONSUMERS + " consumers, metric points "
                + (staged ? "through staging and INSERT ... SELECT" : "by COPY straight into metric_points") + "), "
                + "the in-JVM Kafka broker (edgeobs.metrics with 4 partitions) and the load generator in the benchmark JVM, "
                + "embedded PostgreSQL 18 with its default durability (fsync, synchronous_commit on; shared_buffers 64 MB as "
                + "test-support sets it, max_wal_size 4 GB), all on the same 2 cores; "
                + devices + " devices, 250 series each, batches of 1,000 points\n\n"
                + "| measure | result |\n|---|---:|\n"
                + String.format(Locale.ROOT, "| backlog produced into Kafka | %,d points at %,.0f points/s |%n",
                backlog, produceRate)
                + String.format(Locale.ROOT, "| **ingest, backlog drained into PostgreSQL** | **%,.0f points/s** (%,d points in %.1f s) |%n",
                drain.perSecond(), drain.points(), drain.seconds())
                + "| CPU while draining | " + drainCpu + " |\n"
                + String.format(Locale.ROOT, "| ceiling: binary COPY of the same rows, %d connections | %,.0f rows/s (%,d rows in %.1f s) |%n",
                CONSUMERS, ceiling.perSecond(), ceiling.rows(), ceiling.seconds())
                + String.format(Locale.ROOT, "| **ratio ingest / ceiling** | **%.2f** |%n", ratio)
                + String.format(Locale.ROOT, "| live at %,d points/s for %d s: lag behind the topic end, p50 | %,d points (%.2f s) |%n",
                liveRate, liveSeconds, live.p50Lag(), live.p50Lag() / (double) liveRate)
                + String.format(Locale.ROOT, "| live: lag behind the topic end, max | %,d points (%.2f s) |%n",
                live.maxLag(), live.maxLag() / (double) liveRate)
                + String.format(Locale.ROOT, "| live: caught up after the last batch was produced | %.1f s |%n", live.catchUpSeconds())
                + "\n- load average when the run ended: " + loadAverage() + " (other work shares the machine)\n";
        Files.writeString(file, BenchReport.replaceSection(text, "ingest-throughput" + (staged ? "-staged" : ""), body));
        System.out.println("Wrote results to " + file.toAbsolutePath());
    }
}
