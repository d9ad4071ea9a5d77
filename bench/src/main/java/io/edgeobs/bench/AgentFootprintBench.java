package io.edgeobs.bench;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Id;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Span;
import io.edgeobs.model.SpanKind;
import io.edgeobs.model.convert.otlp.ToOtlp;
import io.edgeobs.testsupport.FreePorts;
import io.edgeobs.testsupport.process.AppProcess;
import io.edgeobs.testsupport.process.NodeExporter;

import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Resident memory, CPU and disk of one packaged edge agent beside Prometheus 2.42 in agent mode (Debian's
 * {@code prometheus}), in the same run: both scrape the same real node_exporter every second with their remote
 * endpoint down, so everything stays buffered on disk. The agent also takes the rest of the reference device
 * profile over OTLP/HTTP (10 traces and 5 logs a minute); its metric load is the scrape (about 500 samples a
 * second, ten times the profile's 3,000 a minute).
 * <pre>
 *   ./mvnw -pl edge-agent,bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar io.edgeobs.bench.AgentFootprintBench [seconds]
 * </pre>
 */
public final class AgentFootprintBench {

    /**
     * A small-device JVM: small heap, serial GC, C1 only, small code cache, one Netty arena, native heap trimmed
     * every 5 s (JDK 17.0.9 and later).
     */
    static final List<String> JVM_FLAGS = List.of("-Xms8m", "-Xmx32m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
            "-Xss256k", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=64m", "-XX:ReservedCodeCacheSize=16m",
            "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", "-XX:MaxDirectMemorySize=16m",
            "-XX:TrimNativeHeapInterval=5000", "-Dio.netty.allocator.numDirectArenas=1",
            "-Dio.netty.allocator.numHeapArenas=1", "-Dio.netty.allocator.maxOrder=6", "-Xshare:off");

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private AgentFootprintBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 180;
        Path work = Files.createTempDirectory(Path.of("bench/target"), "agent-footprint-");
        int otlpPort = FreePorts.pick();
        try (NodeExporter node = NodeExporter.start(work.resolve("node-exporter.log"));
             AppProcess agent = startAgent(work, node, otlpPort);
             Peer prometheus = Peer.prometheusAgent(work.resolve("prometheus"), node)) {
            agent.awaitReady(Duration.ofSeconds(60));
            long agentPid = childPid("quarkus-run.jar");
            Resource device = Resource.device("bench-device", "rpi4", "bench");
            Samples agentRss = new Samples();
            Samples promRss = new Samples();
            long agentCpu0 = cpuTicks(agentPid);
            long promCpu0 = cpuTicks(prometheus.pid());
            double points0 = acceptedMetricPoints(agent);
            System.out.printf("both scrape %s every second, remote endpoints down; agent also gets 10 traces and "
                    + "5 logs a minute over OTLP; %d s ...%n", node.metricsUrl(), seconds);
            for (int s = 0; s < seconds; s++) {
                long second = System.nanoTime();
                long now = System.currentTimeMillis() * 1_000_000L;
                if (s % 6 == 0) {
                    post(otlpPort, "traces", ToOtlp.traces(Batch.ofSpans(device, 0, trace(now, s))).toByteArray());
                }
                if (s % 12 == 0) {
                    post(otlpPort, "logs", ToOtlp.logs(Batch.ofLogs(device, 0,
                            List.of(LogRecord.of(now, LogLevel.INFO, "pump cycle " + s)))).toByteArray());
                }
                if (s >= 20 && s % 5 == 0) { // after warm-up
                    agentRss.add(rssKib(agentPid));
                    promRss.add(rssKib(prometheus.pid()));
                    System.out.printf(Locale.ROOT, "  %3d s  agent RSS %.1f MiB   prometheus RSS %.1f MiB%n", s,
                            agentRss.last() / 1024.0, promRss.last() / 1024.0);
                }
                long left = 1_000_000_000L - (System.nanoTime() - second);
                if (left > 0) {
                    Thread.sleep(left / 1_000_000);
                }
            }
            double points = acceptedMetricPoints(agent) - points0;
            double agentCpu = (cpuTicks(agentPid) - agentCpu0) / 100.0;
            double promCpu = (cpuTicks(prometheus.pid()) - promCpu0) / 100.0;
            String agentRow = row("edge-agent (JVM)", agentRss, agentCpu, points, seconds, du(work.resolve("agent")));
            String promRow = row("Prometheus 2.42 agent mode", promRss, promCpu, points, seconds,
                    du(work.resolve("prometheus/data")));
            System.out.print(agentRow + promRow);
            Path file = Path.of("docs/benchmarks.md");
            String body = "### Edge agent footprint beside Prometheus in agent mode\n\n"
                    + BenchReport.machine("java -cp bench/target/benchmarks.jar io.edgeobs.bench.AgentFootprintBench " + seconds)
                    + "- load: both scrape the same node_exporter 1.5 every second (about " + Math.round(points / seconds)
                    + " samples/s) with their remote endpoint unreachable, so everything is buffered on disk (the agent "
                    + "with every-batch fsync); the agent also receives a 3-span trace every 6 s and a log every 12 s over "
                    + "OTLP/HTTP\n"
                    + "- RSS sampled every 5 s after a 20 s warm-up; CPU is user+system time of the process over the run, "
                    + "per 1,000 scraped samples (the agent's own count, used for both)\n"
                    + "- agent environment: `MALLOC_ARENA_MAX=2`; Quarkus: one event loop, at most 8 worker threads; JVM "
                    + "flags: `" + String.join(" ", JVM_FLAGS) + "`\n\n"
                    + "| process | max RSS MiB | mean RSS MiB | CPU % of one core | CPU ms per 1,000 samples | disk MiB |\n"
                    + "|---|---:|---:|---:|---:|---:|\n" + agentRow + promRow;
            Files.writeString(file, BenchReport.replaceSection(Files.readString(file), "agent-footprint", body));
        }
    }

    private static AppProcess startAgent(Path work, NodeExporter node, int otlpPort) {
        Map<String, String> props = Map.ofEntries(
                Map.entry("edgeobs.agent.data-dir", work.resolve("agent").toString()),
                Map.entry("edgeobs.agent.otlp.port", Integer.toString(otlpPort)),
                Map.entry("edgeobs.agent.export.gateway-url", "http://127.0.0.1:1"),
                Map.entry("edgeobs.agent.device-id", "bench-device"),
                Map.entry("edgeobs.agent.scrape.targets.node.url", node.metricsUrl().toString()),
                Map.entry("edgeobs.agent.scrape.targets.node.interval", "1s"),
                Map.entry("quarkus.log.level", "WARN"),
                Map.entry("quarkus.vertx.event-loops-pool-size", "1"),
                Map.entry("quarkus.thread-pool.max-threads", "8"));
        return AppProcess.launch(Path.of("edge-agent/target/quarkus-app/quarkus-run.jar"), 0, props, JVM_FLAGS,
                Map.of("MALLOC_ARENA_MAX", "2"), Path.of("bench/target/agent-footprint.log"));
    }

    private static String row(String name, Samples rss, double cpuSeconds, double points, int seconds, long diskBytes) {
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f | %.1f | %.1f |%n", name, rss.max() / 1024.0,
                rss.mean() / 1024.0, cpuSeconds * 100 / seconds, cpuSeconds * 1000 / (points / 1000.0),
                diskBytes / 1048576.0);
    }

    /** Prometheus (Debian package) in agent mode, scraping node_exporter every second, remote_write unreachable. */
    private record Peer(Process process, long pid) implements AutoCloseable {

        static Peer prometheusAgent(Path dir, NodeExporter node) throws IOException {
            Files.createDirectories(dir.resolve("data"));
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                    scrape_configs:
                      - job_name: node
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    remote_write:
                      - url: http://127.0.0.1:1/api/v1/write
                    """.formatted(node.port()));
            Process p = new ProcessBuilder("prometheus", "--enable-feature=agent", "--config.file=" + config,
                    "--storage.agent.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + FreePorts.pick())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            return new Peer(p, p.pid());
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static final class Samples {
        private final List<Long> values = new ArrayList<>();

        void add(long v) {
            values.add(v);
        }

        long last() {
            return values.get(values.size() - 1);
        }

        long max() {
            return values.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        double mean() {
            return values.stream().mapToLong(Long::longValue).average().orElse(0);
        }
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

    private static void post(int port, String signal, byte[] body) throws Exception {
        HttpResponse<Void> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/" + signal))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the agent answered " + r.statusCode() + " for " + signal);
        }
    }

    /** {@code edgeobs_agent_records_accepted_total{signal="metrics"}} from the agent's /q/metrics. */
    private static double acceptedMetricPoints(AppProcess agent) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(agent.url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith("edgeobs_agent_records_accepted_total") && l.contains("signal=\"metrics\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static long childPid(String commandLinePart) {
        return ProcessHandle.current().children()
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(commandLinePart)).orElse(false))
                .findFirst().orElseThrow().pid();
    }

    private static long rssKib(long pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (l.startsWith("VmRSS:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

    private static long cpuTicks(long pid) throws IOException {
        String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime, in clock ticks (100/s)
    }

    private static long du(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
