package io.edgeobs.bench;

import io.edgeobs.model.registry.SchemaRegistryClient;
import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;
import io.edgeobs.testsupport.process.AppProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load on {@code GET /schemas/ids/{id}} of the packaged schema registry, on loopback, against real PostgreSQL.
 * Open loop at a fixed rate (latency counted from when each request was due, so a stall is not hidden), then a
 * closed loop for the highest throughput.
 * <pre>
 *   ./mvnw -pl schema-registry,bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar io.edgeobs.bench.RegistryLoadBench [rate] [seconds]
 * </pre>
 */
public final class RegistryLoadBench {

    private static final int SCHEMAS = 50;

    private RegistryLoadBench() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        Path jar = Path.of("schema-registry/target/quarkus-app/quarkus-run.jar");
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start();
             AppProcess registry = AppProcess.start(jar, Map.of(
                     "quarkus.datasource.jdbc.url", pg.createDatabase("registry_bench"),
                     "quarkus.datasource.username", pg.username(), "quarkus.datasource.password", pg.password(),
                     "edgeobs.registry.auth.admin-token", "bench", "quarkus.log.level", "WARN"),
                     Path.of("bench/target/registry-bench.log"), Duration.ofSeconds(90))) {
            SchemaRegistryClient client = new SchemaRegistryClient(URI.create(registry.url()), Optional.of("bench"),
                    Duration.ofSeconds(10));
            int[] ids = new int[SCHEMAS];
            for (int i = 0; i < SCHEMAS; i++) {
                ids[i] = client.register("bench." + i, "PROTOBUF",
                        "syntax = \"proto3\";\npackage bench.v1;\nmessage M" + i + " { string id = 1; int64 at = 2; }\n");
            }
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            System.out.printf("warming up for 10 s ...%n");
            openLoop(http, registry.url(), ids, rate / 2, 10);
            System.out.printf("open loop: %d requests/s for %d s ...%n", rate, seconds);
            Result open = openLoop(http, registry.url(), ids, rate, seconds);
            System.out.println("  " + open);
            System.out.printf("closed loop: 16 concurrent requests for %d s ...%n", seconds / 2);
            Result closed = closedLoop(http, registry.url(), ids, 16, seconds / 2);
            System.out.println("  " + closed);
            report(rate, seconds, open, closed);
        }
    }

    record Result(long requests, long errors, double seconds, long[] latenciesNanos) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%,.0f requests/s, %d errors, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms",
                    perSecond(), errors, percentileMillis(50), percentileMillis(99), percentileMillis(99.9),
                    percentileMillis(100));
        }
    }

    /**
     * Fixed-rate load: request i is due at start + i/rate. A pool of workers (each one connection) takes the next
     * due request, waits for its time and sends it; latency counts from the due time, so a stall anywhere (server,
     * database, load generator) shows in the numbers instead of silently lowering the rate.
     */
    static Result openLoop(HttpClient http, String base, int[] ids, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long intervalNanos = 1_000_000_000L / rate;
        long start = System.nanoTime() + 50_000_000L;
        Thread[] workers = new Thread[64];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Thread(() -> {
                for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    long due = start + i * intervalNanos;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    try {
                        HttpResponse<byte[]> r = http.send(request(base, ids[(int) (i % ids.length)]),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200 || !new String(r.body(), StandardCharsets.UTF_8).contains("\"schema\"")) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies[(int) i] = System.nanoTime() - due;
                }
            });
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        return new Result(total, errors.get(), (System.nanoTime() - start) / 1e9, latencies);
    }

    static Result closedLoop(HttpClient http, String base, int[] ids, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong count = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long[][] perWorker = new long[concurrency][];
        Thread[] workers = new Thread[concurrency];
        long start = System.nanoTime();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            workers[w] = new Thread(() -> {
                long[] lat = new long[1 << 20];
                int n = 0;
                while (System.nanoTime() < end && n < lat.length) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<byte[]> r = http.send(request(base, ids[(n + worker) % ids.length]),
                                HttpResponse.BodyHandlers.ofByteArray());
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    lat[n++] = System.nanoTime() - t0;
                    count.incrementAndGet();
                }
                perWorker[worker] = Arrays.copyOf(lat, n);
            });
            workers[w].start();
        }
        for (Thread t : workers) {
            t.join();
        }
        long[] all = Arrays.stream(perWorker).flatMapToLong(Arrays::stream).toArray();
        return new Result(count.get(), errors.get(), (System.nanoTime() - start) / 1e9, all);
    }

    private static HttpRequest request(String base, int id) {
        return HttpRequest.newBuilder(URI.create(base + "/schemas/ids/" + id)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/vnd.schemaregistry.v1+json").GET().build();
    }

    private static void report(int rate, int seconds, Result open, Result closed) throws Exception {
        Path file = Path.of("docs/benchmarks.md");
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        String body = "### Schema registry: GET /schemas/ids/{id}\n\n"
                + BenchReport.machine("java -cp bench/target/benchmarks.jar io.edgeobs.bench.RegistryLoadBench "
                + rate + " " + seconds)
                + "- setup: the packaged registry (one JVM, 256 MiB heap) and embedded PostgreSQL 18 on the same 2 cores "
                + "as the load generator (java.net.http, HTTP/1.1); 50 registered schemas, ids requested round-robin\n\n"
                + "| run | requests/s | errors | p50 ms | p99 ms | p99.9 ms | max ms |\n|---|---:|---:|---:|---:|---:|---:|\n"
                + row("open loop at " + rate + "/s for " + seconds + " s (latency from when each request was due)", open)
                + row("closed loop, 16 concurrent, " + (seconds / 2) + " s", closed);
        Files.writeString(file, BenchReport.replaceSection(text, "registry-load", body));
        System.out.println("Wrote results to " + file.toAbsolutePath());
    }

    private static String row(String name, Result r) {
        return String.format(Locale.ROOT, "| %s | %,.0f | %d | %.2f | %.2f | %.2f | %.2f |%n", name, r.perSecond(),
                r.errors(), r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(99.9), r.percentileMillis(100));
    }
}
