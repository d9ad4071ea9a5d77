package io.edgeobs.bench;

import io.edgeobs.testsupport.FreePorts;
import io.edgeobs.testsupport.process.AppProcess;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * JSON log tailing through one packaged edge agent with the small-device JVM flags, its gateway unreachable so every
 * line is made durable in the buffer (every-batch fsync):
 * <ol>
 *   <li>catch-up: a file of {@code backlog} lines appears at once; lines/s and MiB/s until the agent counted all
 *       of them delivered, and the CPU it took;</li>
 *   <li>steady: {@code rate} lines/s for {@code seconds} s, rotated by rename every 10 s and by copytruncate every 15 s;
 *       resident memory and CPU, and whether exactly every line written was delivered.</li>
 * </ol>
 * <pre>
 *   ./mvnw -pl edge-agent,bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar io.edgeobs.bench.LogTailBench [backlog lines] [seconds] [lines/s]
 * </pre>
 */
public final class LogTailBench {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LogTailBench() {
    }

    public static void main(String[] args) throws Exception {
        int backlog = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        int rate = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Path work = Files.createTempDirectory(Path.of("bench/target"), "log-tail-");
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path app = logs.resolve("app.log");
        try (AppProcess agent = startAgent(work, logs)) {
            agent.awaitReady(java.time.Duration.ofSeconds(60));
            long pid = ProcessHandle.current().children()
                    .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains("quarkus-run.jar")).orElse(false))
                    .findFirst().orElseThrow().pid();

            // idle, for reference: the agent with the source configured and nothing to read
            Thread.sleep(10_000);
            long idleRss = rssKib(pid);
            // catch-up: the whole backlog appears at once (written aside, then renamed into place)
            Path aside = logs.resolve("backlog.tmp");
            long bytes = writeLines(aside, 0, backlog);
            long cpu0 = cpuTicks(pid);
            long t0 = System.nanoTime();
            Files.move(aside, app, StandardCopyOption.ATOMIC_MOVE);
            awaitDelivered(agent, backlog, 600);
            double catchUpSeconds = (System.nanoTime() - t0) / 1e9;
            double catchUpCpu = (cpuTicks(pid) - cpu0) / 100.0;
            System.out.printf(Locale.ROOT, "catch-up: %,d lines (%.1f MiB) in %.2f s: %,.0f lines/s, %.1f MiB/s, CPU %.1f s%n",
                    backlog, bytes / 1048576.0, catchUpSeconds, backlog / catchUpSeconds,
                    bytes / 1048576.0 / catchUpSeconds, catchUpCpu);

            // steady: rate lines/s in 10 bursts a second, both kinds of rotation
            long seq = backlog;
            List<Long> rss = new ArrayList<>();
            long cpu1 = cpuTicks(pid);
            int renames = 0;
            int truncations = 0;
            for (int tick = 0; tick < seconds * 10; tick++) {
                long start = System.nanoTime();
                int n = rate / 10 + (tick % 10 < rate % 10 ? 1 : 0);
                writeLines(app, seq, seq + n);
                seq += n;
                if (tick % 100 == 99) {
                    Files.move(app, logs.resolve("app.log." + ++renames), StandardCopyOption.ATOMIC_MOVE);
                } else if (tick % 150 == 149) {
                    Files.copy(app, logs.resolve("app.log.c" + ++truncations));
                    try (FileChannel ch = FileChannel.open(app, StandardOpenOption.WRITE)) {
                        ch.truncate(0);
                    }
                }
                if (tick >= 50 && tick % 50 == 0) {
                    rss.add(rssKib(pid));
                }
                long left = 100_000_000L - (System.nanoTime() - start);
                if (left > 0) {
                    Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
            awaitDelivered(agent, seq, 120);
            double steadyCpu = (cpuTicks(pid) - cpu1) / 100.0;
            double delivered = linesDelivered(agent);
            long maxRss = rss.stream().mapToLong(Long::longValue).max().orElse(0);
            double meanRss = rss.stream().mapToLong(Long::longValue).average().orElse(0);
            System.out.printf(Locale.ROOT, "steady: %d lines/s for %d s, %d renames, %d copytruncates: delivered %,.0f of "
                            + "%,d; RSS max %.1f MiB, mean %.1f MiB; CPU %.2f%% of one core%n", rate, seconds, renames,
                    truncations, delivered - backlog, seq - backlog, maxRss / 1024.0, meanRss / 1024.0,
                    steadyCpu * 100 / seconds);

            String command = "java -cp bench/target/benchmarks.jar io.edgeobs.bench.LogTailBench " + backlog + " "
                    + seconds + " " + rate;
            String body = "### Edge agent: JSON log tailing\n\n" + BenchReport.machine(command)
                    + "- agent: packaged, JVM flags of the footprint benchmark (`-Xmx32m`, serial GC, C1 only, ...), "
                    + "`MALLOC_ARENA_MAX=2`, gateway unreachable so every line is appended durably (every-batch fsync); "
                    + "tail defaults (250 ms polls, 256 KiB reads, appends of 500 lines)\n"
                    + "- lines: JSON of about " + bytes / backlog + " bytes (time, level, message, five fields)\n"
                    + "- machine load (1-minute load average at the end, other builds ran beside): " + loadAverage()
                    + "\n- idle agent (source configured, nothing to read) RSS: "
                    + String.format(Locale.ROOT, "%.1f MiB", idleRss / 1024.0) + "\n\n"
                    + "| phase | lines | result |\n|---|---:|---|\n"
                    + String.format(Locale.ROOT, "| catch-up (file of %,d lines appears at once) | %,d | %,.0f lines/s, "
                            + "%.1f MiB/s, %.1f s CPU (%.0f µs per line) |%n", backlog, backlog, backlog / catchUpSeconds,
                    bytes / 1048576.0 / catchUpSeconds, catchUpCpu, catchUpCpu * 1e6 / backlog)
                    + String.format(Locale.ROOT, "| steady %d lines/s, %d s, %d renames + %d copytruncates | %,d | "
                                    + "delivered %,.0f (count equals lines written: %s); RSS max %.1f MiB, mean %.1f MiB; CPU %.2f%% "
                                    + "of one core |%n", rate, seconds, renames, truncations, seq - backlog,
                            delivered - backlog, delivered == seq ? "yes" : "NO", maxRss / 1024.0, meanRss / 1024.0,
                            steadyCpu * 100 / seconds);
            Path file = Path.of("docs/benchmarks.md");
            Files.writeString(file, BenchReport.replaceSection(Files.readString(file),
                    "log-tail-" + backlog + "-" + seconds + "-" + rate, body));
            if (delivered != seq) {
                throw new IllegalStateException("delivered " + delivered + " lines, wrote " + seq);
            }
        }
    }

    private static AppProcess startAgent(Path work, Path logs) {
        Map<String, String> props = Map.ofEntries(
                Map.entry("edgeobs.agent.data-dir", work.resolve("agent").toString()),
                Map.entry("edgeobs.agent.otlp.port", Integer.toString(FreePorts.pick())),
                Map.entry("edgeobs.agent.export.gateway-url", "http://127.0.0.1:1"),
                Map.entry("edgeobs.agent.device-id", "bench-device"),
                Map.entry("edgeobs.agent.buffer.budget", "2G"), // room for the whole run: nothing refused
                Map.entry("edgeobs.agent.tail.sources.app.paths", logs.resolve("*.log").toString()),
                Map.entry("edgeobs.agent.tail.sources.app.fields.service", "pump-ctl"),
                Map.entry("quarkus.log.level", "WARN"),
                Map.entry("quarkus.vertx.event-loops-pool-size", "1"),
                Map.entry("quarkus.thread-pool.max-threads", "8"));
        return AppProcess.launch(Path.of("edge-agent/target/quarkus-app/quarkus-run.jar"), 0, props,
                AgentFootprintBench.JVM_FLAGS, Map.of("MALLOC_ARENA_MAX", "2"), Path.of("bench/target/log-tail.log"));
    }

    /** Appends lines [from, to) like a service's JSON logger; returns the bytes written. */
    private static long writeLines(Path file, long from, long to) throws IOException {
        long bytes = 0;
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND)) {
            String now = Instant.now().toString();
            StringBuilder sb = new StringBuilder(256);
            for (long n = from; n < to; n++) {
                sb.setLength(0);
                sb.append("{\"ts\":\"").append(now).append("\",\"level\":\"").append(n % 10 == 0 ? "warn" : "info")
                        .append("\",\"msg\":\"cycle ").append(n).append(" done\",\"pump\":\"p").append(n % 4)
                        .append("\",\"pressure_bar\":").append(2 + (n % 100) / 100.0).append(",\"valve_open\":")
                        .append(n % 2 == 0).append(",\"request_id\":\"req-").append(Long.toHexString(n * 2654435761L))
                        .append("\",\"seq\":").append(n).append("}\n");
                w.write(sb.toString());
                bytes += sb.length();
            }
        }
        return bytes;
    }

    private static void awaitDelivered(AppProcess agent, long lines, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (linesDelivered(agent) < lines) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the agent delivered " + linesDelivered(agent) + " of " + lines
                        + " lines in " + timeoutSeconds + " s; see bench/target/log-tail.log");
            }
            Thread.sleep(100);
        }
    }

    /** {@code edgeobs_agent_tail_lines_total{source="app"}} from the agent's /q/metrics. */
    private static double linesDelivered(AppProcess agent) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(agent.url() + "/q/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return text.lines().filter(l -> l.startsWith("edgeobs_agent_tail_lines_total") && l.contains("source=\"app\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
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
}
