package io.edgeobs.bench;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanKind;
import io.edgeobs.model.Tags;
import io.edgeobs.model.convert.otlp.ToOtlp;
import io.edgeobs.testsupport.FreePorts;
import io.edgeobs.testsupport.process.AppProcess;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resident memory and CPU of one packaged edge agent under the reference device load (3,000 metric points, 10
 * traces and 5 logs per minute), sent over OTLP/HTTP, with its gateway unreachable so everything stays buffered.
 * <pre>
 *   ./mvnw -pl edge-agent,bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar io.edgeobs.bench.AgentFootprintBench [seconds]
 * </pre>
 */
public final class AgentFootprintBench {

    /** A small-device JVM: small heap, serial GC, C1 only, small code cache, one Netty arena. */
    static final List<String> JVM_FLAGS = List.of("-Xms8m", "-Xmx32m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Xss256k", "-XX:+UseSerialGC",
            "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=16m", "-XX:TieredStopAtLevel=1",
            "-XX:CICompilerCount=1", "-XX:MaxDirectMemorySize=16m", "-Dio.netty.allocator.numDirectArenas=1",
            "-Dio.netty.allocator.numHeapArenas=1", "-Dio.netty.allocator.maxOrder=6", "-Xshare:off");

    private AgentFootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 120;
        Path data = Files.createTempDirectory(Path.of("bench/target"), "agent-footprint-");
        int otlpPort = FreePorts.pick();
        Map<String, String> props = Map.of("edgeobs.agent.data-dir", data.toString(),
                "edgeobs.agent.otlp.port", Integer.toString(otlpPort),
                "edgeobs.agent.export.gateway-url", "http://127.0.0.1:1", "edgeobs.agent.device-id", "bench-device",
                "quarkus.log.level", "WARN", "quarkus.vertx.event-loops-pool-size", "1",
                "quarkus.thread-pool.max-threads", "8", "quarkus.vertx.worker-pool-size", "4");
        try (AppProcess agent = AppProcess.launch(Path.of("edge-agent/target/quarkus-app/quarkus-run.jar"), 0, props,
                JVM_FLAGS, Map.of("MALLOC_ARENA_MAX", "2"), Path.of("bench/target/agent-footprint.log"))) {
            agent.awaitReady(Duration.ofSeconds(60));
            long pid = pid(agent);
            HttpClient http = HttpClient.newHttpClient();
            Resource device = Resource.device("bench-device", "rpi4", "bench");
            long maxRss = 0;
            long sumRss = 0;
            int samples = 0;
            long points = 0;
            long cpuStart = cpuTicks(pid);
            System.out.printf("reference device load for %d s (50 points/s, 10 traces and 5 logs a minute) ...%n", seconds);
            for (int s = 0; s < seconds; s++) {
                long second = System.nanoTime();
                long now = System.currentTimeMillis() * 1_000_000L;
                post(http, otlpPort, "metrics", ToOtlp.metrics(Batch.ofMetrics(device, 0, metrics(now, 50))).toByteArray());
                points += 50;
                if (s % 6 == 0) {
                    post(http, otlpPort, "traces", ToOtlp.traces(Batch.ofSpans(device, 0, trace(now, s))).toByteArray());
                }
                if (s % 12 == 0) {
                    post(http, otlpPort, "logs", ToOtlp.logs(Batch.ofLogs(device, 0,
                            List.of(LogRecord.of(now, LogLevel.INFO, "pump cycle " + s)))).toByteArray());
                }
                if (s >= 10 && s % 5 == 0) { // after warm-up
                    long rss = rssKib(pid);
                    maxRss = Math.max(maxRss, rss);
                    sumRss += rss;
                    samples++;
                    System.out.printf("  %3d s  RSS %.1f MiB%n", s, rss / 1024.0);
                }
                long left = 1_000_000_000L - (System.nanoTime() - second);
                if (left > 0) {
                    Thread.sleep(left / 1_000_000);
                }
            }
            double cpuSeconds = (cpuTicks(pid) - cpuStart) / 100.0;
            String line = String.format(Locale.ROOT, "| %d s | %.1f | %.1f | %.3f | %s |%n", seconds, maxRss / 1024.0,
                    samples == 0 ? 0 : sumRss / 1024.0 / samples, cpuSeconds * 1000 / (points / 1000.0) / 1000,
                    String.join(" ", JVM_FLAGS));
            System.out.print(line);
            Path file = Path.of("docs/benchmarks.md");
            String body = "### Edge agent footprint under the reference device load\n\n"
                    + BenchReport.machine("java -cp bench/target/benchmarks.jar io.edgeobs.bench.AgentFootprintBench " + seconds)
                    + "- load: 50 metric points/s, a 3-span trace every 6 s, a log every 12 s, over OTLP/HTTP protobuf to the "
                    + "agent's receiver; gateway unreachable, so everything is buffered durably (every-batch fsync)\n\n"
                    + "- environment: `MALLOC_ARENA_MAX=2`; Quarkus: one event loop, at most 8 worker threads\n\n"
                    + "| run | max RSS MiB | mean RSS MiB | CPU s per 1,000 points | JVM flags |\n|---|---:|---:|---:|---|\n" + line;
            Files.writeString(file, BenchReport.replaceSection(Files.readString(file), "agent-footprint", body));
        }
    }

    private static List<MetricPoint> metrics(long now, int n) {
        List<MetricPoint> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new MetricPoint("node_metric_" + (i % 25), Math.random() * 100, "", now,
                    Tags.of("cpu", Integer.toString(i % 4), "instance", "localhost:9100"),
                    i % 2 == 0 ? MetricKind.GAUGE : MetricKind.COUNTER, Id.EMPTY));
        }
        return out;
    }

    private static List<Span> trace(long now, int s) {
        Id trace = Id.traceId(System.nanoTime(), s + 1L);
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            spans.add(Span.builder().traceId(trace).spanId(Id.spanId(i + 1L)).parentSpanId(i == 0 ? Id.EMPTY : Id.spanId(1))
                    .service("pump-ctl").operation("step " + i).kind(SpanKind.INTERNAL).startUnixNanos(now)
                    .durationNanos(1_000_000).build());
        }
        return spans;
    }

    private static void post(HttpClient http, int port, String signal, byte[] body) throws Exception {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/" + signal))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the agent answered " + r.statusCode() + " for " + signal);
        }
    }

    private static long pid(AppProcess agent) throws Exception {
        // the agent is our only child JVM
        return ProcessHandle.current().children().filter(p -> p.info().command().orElse("").endsWith("java"))
                .findFirst().orElseThrow().pid();
    }

    private static long rssKib(long pid) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static long cpuTicks(long pid) throws Exception {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime, in clock ticks (100/s)
    }
}
