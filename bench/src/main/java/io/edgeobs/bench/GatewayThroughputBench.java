package io.edgeobs.bench;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Id;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.BatchCodec;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The edge gateway's numbers (issue 6): metric points per second from agent batches into Kafka, and the
 * acknowledgement latency of {@code POST /v1/batches} at 50,000 points per second, with the gateway's RSS. Everything
 * runs on this machine: the packaged gateway (its own JVM), the packaged registry, and, in this JVM, the Kafka broker
 * and the load generator. Agent batches are gzip protobuf, 1,000 points from 200 devices, prepared before the run.
 * <pre>
 *   ./mvnw -pl edge-gateway,bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar io.edgeobs.bench.GatewayThroughputBench [seconds] [clients] [latencyPointsPerSecond]
 * </pre>
 */
public final class GatewayThroughputBench {

    static final int POINTS = 1000;
    static final int BODIES = 200;
    /** {@code -Dbench.slow=true} prints every acknowledgement slower than 50 ms, with when it was due. */
    static final boolean SLOW_LOG = Boolean.getBoolean("bench.slow");

    private GatewayThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int latencyRate = args.length > 2 ? Integer.parseInt(args[2]) : 50_000;
        List<byte[]> bodies = bodies();
        try (GatewayBenchStack stack = new GatewayBenchStack(Map.of())) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = URI.create(stack.gateway.url() + "/v1/batches");
            RssSampler rss = new RssSampler(stack);
            rss.start();

            System.out.println("warming up for 20 s ...");
            closedLoop(http, uri, stack.token, bodies, clients, 20);
            awaitDrained(stack, Duration.ofSeconds(120));
            if (Boolean.getBoolean("bench.latencyOnly")) {
                long[] l = openLoop(http, uri, stack.token, bodies, latencyRate / POINTS, seconds);
                System.out.printf(Locale.ROOT, "p50 %.2f p99 %.2f p99.9 %.2f ms%n", pct(l, 50), pct(l, 99), pct(l, 99.9));
                return;
            }

            System.out.printf("throughput: %d clients for %d s ...%n", clients, seconds);
            long kafkaBefore = stack.metricsRecords();
            long t0 = System.nanoTime();
            long accepted = closedLoop(http, uri, stack.token, bodies, clients, seconds);
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            long kafkaAtEnd = stack.metricsRecords();
            long drained = awaitDrained(stack, Duration.ofSeconds(300));
            double totalSeconds = (System.nanoTime() - t0) / 1e9;
            long forwarded = stack.metricsRecords() - kafkaBefore;
            double acceptedRate = accepted * POINTS / loadSeconds;
            double kafkaDuringLoad = (kafkaAtEnd - kafkaBefore) * (double) POINTS / loadSeconds;
            double kafkaEndToEnd = forwarded * (double) POINTS / totalSeconds;
            System.out.printf(Locale.ROOT, "accepted %,.0f points/s; into Kafka %,.0f points/s during the load, %,.0f "
                    + "points/s counting the drain (%d ms)%n", acceptedRate, kafkaDuringLoad, kafkaEndToEnd, drained);

            System.out.printf("latency: open loop at %,d points/s for %d s ...%n", latencyRate, seconds);
            long[] latencies = openLoop(http, uri, stack.token, bodies, latencyRate / POINTS, seconds);
            awaitDrained(stack, Duration.ofSeconds(120));
            rss.stop();
            long[] mem = stack.rssKib();
            String row1 = String.format(Locale.ROOT, "| closed loop, %d clients, %d s | %,.0f | %,.0f | %,.0f | %.1f | %.1f |%n",
                    clients, seconds, acceptedRate, kafkaDuringLoad, kafkaEndToEnd, rss.max / 1024.0, mem[1] / 1024.0);
            String row2 = String.format(Locale.ROOT, "| open loop at %,d points/s (%d requests/s of %,d points), %d s | %,d | %.2f | %.2f | %.2f | %.2f |%n",
                    latencyRate, latencyRate / POINTS, POINTS, seconds, latencies.length, pct(latencies, 50),
                    pct(latencies, 99), pct(latencies, 99.9), latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1e6);
            System.out.print(row1 + row2);
            write(seconds, clients, latencyRate, row1, row2);
        }
    }

    /** Batches as agents send them: 1,000 points of 25 metric names with cpu, mode and instance tags, gzip protobuf. */
    static List<byte[]> bodies() throws Exception {
        List<byte[]> out = new ArrayList<>(BODIES);
        for (Batch batch : batches()) {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
                z.write(BatchCodec.encode(batch));
            }
            out.add(gz.toByteArray());
        }
        return out;
    }

    /** The batches of {@link #bodies()}, before encoding (the Kafka producer ceiling sends them as the gateway would). */
    static List<Batch> batches() {
        long now = System.currentTimeMillis() * 1_000_000L;
        List<Batch> out = new ArrayList<>(BODIES);
        for (int b = 0; b < BODIES; b++) {
            List<MetricPoint> points = new ArrayList<>(POINTS);
            for (int i = 0; i < POINTS; i++) {
                points.add(new MetricPoint("node_metric_" + (i % 25), i * 1.5, "", now - (POINTS - i) * 1_000_000L,
                        Tags.of("cpu", Integer.toString(i % 8), "mode", (i & 1) == 0 ? "user" : "system",
                                "instance", "localhost:9100"), i % 2 == 0 ? MetricKind.GAUGE : MetricKind.COUNTER, Id.EMPTY));
            }
            out.add(Batch.ofMetrics(Resource.device("device-" + b, "pump", "0.1.0"), b + 1, points));
        }
        return out;
    }

    private static HttpRequest request(URI uri, String token, byte[] body) {
        return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** {@code clients} threads posting back to back; returns the batches answered 200. */
    static long closedLoop(HttpClient http, URI uri, String token, List<byte[]> bodies, int clients, int seconds)
            throws InterruptedException {
        AtomicLong ok = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int first = c;
            Thread t = new Thread(() -> {
                for (int i = first; System.nanoTime() < deadline; i += clients) {
                    try {
                        HttpResponse<Void> r = http.send(request(uri, token, bodies.get(i % bodies.size())),
                                HttpResponse.BodyHandlers.discarding());
                        if (r.statusCode() == 200) {
                            ok.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException("the gateway did not answer", e);
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return ok.get();
    }

    /** {@code perSecond} requests per second on schedule; latency from when each was due (no coordinated omission). */
    static long[] openLoop(HttpClient http, URI uri, String token, List<byte[]> bodies, int perSecond, int seconds)
            throws Exception {
        int n = perSecond * seconds;
        long[] latencies = new long[n];
        long interval = 1_000_000_000L / perSecond;
        ExecutorService pool = Executors.newFixedThreadPool(64);
        long start = System.nanoTime() + 100_000_000L;
        AtomicLong failed = new AtomicLong();
        for (int i = 0; i < n; i++) {
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            int k = i;
            pool.execute(() -> {
                try {
                    HttpResponse<Void> r = http.send(request(uri, token, bodies.get(k % bodies.size())),
                            HttpResponse.BodyHandlers.discarding());
                    latencies[k] = r.statusCode() == 200 ? System.nanoTime() - due : Long.MAX_VALUE;
                    if (SLOW_LOG && latencies[k] > 50_000_000L) {
                        System.out.printf(Locale.ROOT, "slow: request %d due at +%.3f s took %.1f ms%n", k,
                                (due - start) / 1e9, latencies[k] / 1e6);
                    }
                } catch (Exception e) {
                    latencies[k] = Long.MAX_VALUE;
                    failed.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
        long[] ok = Arrays.stream(latencies).filter(l -> l != Long.MAX_VALUE && l > 0).sorted().toArray();
        if (ok.length < n) {
            System.out.printf("%d of %d requests failed or were not answered 200%n", n - ok.length, n);
        }
        return ok;
    }

    /** Waits until the gateway's forward lag is 0; returns how long that took, ms. */
    static long awaitDrained(GatewayBenchStack stack, Duration atMost) throws Exception {
        long t0 = System.nanoTime();
        long previous = -1;
        while (System.nanoTime() - t0 < atMost.toNanos()) {
            long now = stack.metricsRecords();
            if (now == previous && lag(stack) == 0) {
                return (System.nanoTime() - t0) / 1_000_000;
            }
            previous = now;
            Thread.sleep(500);
        }
        throw new IllegalStateException("the gateway did not drain its log within " + atMost);
    }

    static long lag(GatewayBenchStack stack) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.gateway.url()
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> l.startsWith("edgeobs_gateway_forward_lag{"))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, i)] / 1e6;
    }

    private static void write(int seconds, int clients, int rate, String row1, String row2) throws Exception {
        Path file = Path.of("docs/benchmarks.md");
        String body = "### Edge gateway: agent batches into Kafka, and acknowledgement latency\n\n"
                + BenchReport.machine("java -cp bench/target/benchmarks.jar io.edgeobs.bench.GatewayThroughputBench "
                + seconds + " " + clients + " " + rate)
                + "- setup: on the same 2 cores: the packaged gateway (" + String.join(" ", GatewayBenchStack.GATEWAY_JVM)
                + ", defaults: every-batch fsync, lz4, acks=all, idempotent), the packaged registry with PostgreSQL, and "
                + "in the benchmark's JVM the Kafka broker (3 partitions) and the load generator (java.net.http, "
                + "HTTP/1.1); agent batches of " + POINTS + " points, gzip protobuf, from " + BODIES + " devices; no policy rules\n\n"
                + "| run | accepted points/s | into Kafka points/s (during load) | into Kafka points/s (incl. drain) | max RSS MiB | RSS high-water MiB |\n"
                + "|---|---:|---:|---:|---:|---:|\n" + row1 + "\n"
                + "| run | acknowledged | p50 ms | p99 ms | p99.9 ms | max ms |\n|---|---:|---:|---:|---:|---:|\n" + row2;
        Files.writeString(file, BenchReport.replaceSection(Files.readString(file), "gateway-throughput", body));
        System.out.println("Wrote results to " + file.toAbsolutePath());
    }

    /** Samples the gateway's RSS once a second. */
    static final class RssSampler {
        private final GatewayBenchStack stack;
        private volatile boolean running = true;
        volatile long max;
        private Thread thread;

        RssSampler(GatewayBenchStack stack) {
            this.stack = stack;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        max = Math.max(max, stack.rssKib()[0]);
                        Thread.sleep(1000);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "rss");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() {
            running = false;
        }
    }
}
