package io.edgeobs.bench;

import io.edgeobs.testsupport.DataDirs;
import io.edgeobs.testsupport.postgres.EmbeddedPostgresServer;
import io.edgeobs.testsupport.process.AppProcess;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * Query latency of the packaged query service over embedded PostgreSQL holding the volumes: 10 million metric
 * points, 1 million spans, 1 million logs ({@link QueryBenchData}). Each query runs {@code queries} times one after
 * another (after a warm-up of a tenth as many) with a random target each time, timed from request to the last byte
 * of the answer; every answer is checked to carry data.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.edgeobs.bench.QueryBench [points] [spans] [logs] [queries] [metrics,traces,logs]</pre>
 * Needs {@code ./mvnw -pl query-service,bench -am package -DskipTests}.
 */
public final class QueryBench {

    private static final String KEY = "bench-viewer-key-000000001";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private QueryBench() {
    }

    record Result(String name, String what, int n, double p50, double p95, double p99, double max, String target) {
    }

    public static void main(String[] args) throws Exception {
        long points = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        long spans = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
        long logs = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000L;
        int queries = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        List<String> families = args.length > 4 ? List.of(args[4].split(",")) : List.of("metrics", "traces", "logs");
        Path jar = Path.of("query-service/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: ./mvnw -pl query-service,bench -am package -DskipTests");
        }
        Path work = DataDirs.temporary("query-bench-");
        Instant end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        QueryBenchData data = new QueryBenchData(end, points, spans, logs);
        System.out.printf("query bench: %,d points (%d series), %,d spans, %,d logs, %d queries each%n", data.points(),
                data.series, spans, logs, queries);
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.builder().dataDir(work.resolve("postgres")).start()) {
            String jdbc = pg.createDatabase("query_bench");
            long l0 = System.nanoTime();
            try (Connection c = pg.connect("query_bench")) {
                data.schema(c, Path.of("ingest-service/src/main/resources/db/ingest"));
                data.load(c);
            }
            double loadSeconds = (System.nanoTime() - l0) / 1e9;
            System.out.printf("loaded in %.0f s%n", loadSeconds);
            Map<String, String> config = Map.of("quarkus.datasource.jdbc.url", jdbc,
                    "quarkus.datasource.username", pg.username(), "quarkus.datasource.password", pg.password(),
                    "edgeobs.query.auth.seed-keys", QueryBenchData.TENANT + ":viewer:bench:" + KEY,
                    "quarkus.log.level", "WARN");
            try (AppProcess query = AppProcess.launch(jar, 0, config, List.of("-Xms256m", "-Xmx512m"),
                    Path.of("bench/target/query-bench.log"))) {
                query.awaitReady(Duration.ofSeconds(120));
                List<Result> results = run(query.url(), data, queries, families);
                write(results, data, loadSeconds, String.join(" ", args));
            }
        } finally {
            DataDirs.deleteRecursively(work);
        }
    }

    private static List<Result> run(String base, QueryBenchData d, int queries, List<String> families) throws Exception {
        String from = d.start.toString();
        String to = d.end.toString();
        long traces = Math.max(1, d.spans / QueryBenchData.SPANS_PER_TRACE);
        List<Result> out = new ArrayList<>();
        if (families.contains("metrics")) {
            metrics(base, d, queries, from, to, out);
        }
        if (families.contains("traces")) {
            traces(base, d, queries, traces, out);
        }
        if (families.contains("logs")) {
            logs(base, d, queries, from, to, out);
        }
        return out;
    }

    private static void metrics(String base, QueryBenchData d, int queries, String from, String to, List<Result> out)
            throws Exception {
        out.add(measure("metrics, 24 h at 1 min, one series (auto source)", "one of " + d.series + " series", queries,
                "p95 < 50 ms", i -> base + "/api/v1/metrics/query?name=" + QueryBenchData.METRIC + "&device="
                        + QueryBenchData.device(i % d.series) + "&tag.core=" + QueryBenchData.core(i % d.series)
                        + "&from=" + from + "&to=" + to + "&step=60s&agg=avg", "\"points\""));
        out.add(measure("metrics, 24 h at 1 min, one series (raw points)", "8,640 raw points aggregated", queries,
                "(report)", i -> base + "/api/v1/metrics/query?name=" + QueryBenchData.METRIC + "&device="
                        + QueryBenchData.device(i % d.series) + "&tag.core=" + QueryBenchData.core(i % d.series)
                        + "&from=" + from + "&to=" + to + "&step=60s&agg=avg&source=raw", "\"points\""));
        out.add(measure("metrics, 24 h at 1 min, rate of one counter", "reset-aware rate", queries, "(report)",
                i -> base + "/api/v1/metrics/query?name=" + QueryBenchData.METRIC + "&device="
                        + QueryBenchData.device(i % d.series) + "&tag.core=" + QueryBenchData.core(i % d.series)
                        + "&from=" + from + "&to=" + to + "&step=60s&agg=rate", "\"points\""));
    }

    private static void traces(String base, QueryBenchData d, int queries, long traces, List<Result> out)
            throws Exception {
        out.add(measure("trace by id (Jaeger /api/traces/{id})", "10-span trace of " + traces, queries, "< 20 ms",
                i -> base + "/api/traces/" + QueryBenchData.traceId(Math.floorMod(i * 7919L, traces)), "\"spans\""));
        out.add(measure("Jaeger search: service + operation, limit 20", "last 24 h", queries / 2, "(report)",
                i -> base + "/api/traces?service=" + QueryBenchData.SERVICES.get(i % 5) + "&operation=op-" + (i % 5) % 4 + "&limit=20"
                        + "&start=" + d.start.toEpochMilli() * 1000 + "&end=" + d.end.toEpochMilli() * 1000, "\"traceID\""));
    }

    private static void logs(String base, QueryBenchData d, int queries, String from, String to, List<Result> out)
            throws Exception {
        out.add(measure("log search, a word in ~1 in 250 logs, newest 100", "full text, 24 h", queries, "< 200 ms",
                i -> base + "/api/v1/logs?q=" + enc(d.word(1 + (i * 37) % 1999)) + "&from=" + from + "&to=" + to
                        + "&limit=100", "\"message\""));
        out.add(measure("log search, a word in 1 in 10 logs, newest 100", "full text, 24 h", queries, "< 200 ms",
                i -> base + "/api/v1/logs?q=" + enc(d.word(0)) + "&from=" + from + "&to=" + to + "&limit=100",
                "\"message\""));
        out.add(measure("log search, error level of one device, newest 100", "level + device, 24 h", queries,
                "(report)", i -> base + "/api/v1/logs?level=error&device=dev-" + (i % QueryBenchData.DEVICES)
                        + "&from=" + from + "&to=" + to + "&limit=100", "\"message\""));
    }

    private static Result measure(String name, String what, int n, String target, IntFunction<String> url,
                                  String mustContain) throws Exception {
        SplittableRandom r = new SplittableRandom(42);
        for (int i = 0; i < Math.max(5, n / 10); i++) {
            get(url.apply(r.nextInt(1 << 20)), mustContain);
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            String u = url.apply(r.nextInt(1 << 20));
            long t0 = System.nanoTime();
            get(u, mustContain);
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        Result res = new Result(name, what, n, pct(ms, 50), pct(ms, 95), pct(ms, 99), ms[n - 1], target);
        System.out.printf(Locale.ROOT, "%-58s p50 %7.2f  p95 %7.2f  p99 %7.2f  max %7.2f ms%n", name, res.p50(),
                res.p95(), res.p99(), res.max());
        return res;
    }

    private static void get(String url, String mustContain) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("X-API-Key", KEY)
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 || !r.body().contains(mustContain)) {
            throw new IllegalStateException("GET " + url + " answered " + r.statusCode() + ": "
                    + r.body().substring(0, Math.min(400, r.body().length())));
        }
    }

    private static double pct(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void write(List<Result> results, QueryBenchData d, double loadSeconds, String args) throws Exception {
        Path file = Path.of("docs/benchmarks.md");
        StringBuilder body = new StringBuilder("### Query latency (QueryBench)\n\n")
                .append(BenchReport.machine(("java -cp bench/target/benchmarks.jar io.edgeobs.bench.QueryBench " + args).trim()))
                .append(String.format(Locale.ROOT, "- data: %,d metric points (%d series of %,d points, 10 s apart over 24 h) "
                        + "with their 1-minute rollups, %,d spans (10 per trace), %,d logs over 24 h, %d devices; "
                        + "embedded PostgreSQL 18 with the ingest schema and daily partitions; loaded in %.0f s%n",
                        d.points(), d.series, QueryBenchData.POINTS_PER_SERIES, d.spans, d.logs, QueryBenchData.DEVICES,
                        loadSeconds))
                .append("- each query sequential over HTTP with an API key, random target each time, after a warm-up\n\n")
                .append("| query | target | n | p50 ms | p95 ms | p99 ms | max ms |\n|---|---|---:|---:|---:|---:|---:|\n");
        Map<String, Result> byName = new LinkedHashMap<>();
        results.forEach(r -> byName.put(r.name(), r));
        for (Result r : byName.values()) {
            body.append(String.format(Locale.ROOT, "| %s (%s) | %s | %d | %.2f | %.2f | %.2f | %.2f |%n", r.name(), r.what(),
                    r.target(), r.n(), r.p50(), r.p95(), r.p99(), r.max()));
        }
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        Files.writeString(file, BenchReport.replaceSection(text, "query-latency", body.toString()));
        System.out.println("Wrote results to " + file.toAbsolutePath());
    }
}
