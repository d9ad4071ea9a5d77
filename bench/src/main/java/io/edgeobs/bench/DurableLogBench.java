package io.edgeobs.bench;

import io.edgeobs.durablelog.Consumer;
import io.edgeobs.durablelog.DurableLog;
import io.edgeobs.durablelog.DurableLogConfig;
import io.edgeobs.durablelog.FullPolicy;
import io.edgeobs.durablelog.LogEntry;
import io.edgeobs.durablelog.SyncPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Durable append and replay throughput of the durable log on this machine's disk, one appending thread, with
 * {@code every-batch} sync (each append returns after its fsync).
 * <pre>
 *   java -cp bench/target/benchmarks.jar io.edgeobs.bench.DurableLogBench [recordBytes] [recordsPerAppend] [seconds]
 * </pre>
 */
public final class DurableLogBench {

    private DurableLogBench() {
    }

    public static void main(String[] args) throws Exception {
        int recordBytes = args.length > 0 ? Integer.parseInt(args[0]) : 256;
        int perAppend = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Path dir = Files.createTempDirectory(Path.of("bench/target"), "durable-log-");
        DurableLogConfig config = DurableLogConfig.defaults(dir).withBudget(4L << 30, FullPolicy.BLOCK)
                .withSync(SyncPolicy.EVERY_BATCH);
        List<byte[]> batch = new ArrayList<>();
        for (int i = 0; i < perAppend; i++) {
            byte[] r = new byte[recordBytes];
            r[0] = (byte) i;
            batch.add(r);
        }
        try (DurableLog log = DurableLog.open(config)) {
            System.out.printf("appending %d-byte records, %d per append, fsync per append, for %d s ...%n",
                    recordBytes, perAppend, seconds);
            long records = 0;
            long appends = 0;
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                log.append(batch);
                records += perAppend;
                appends++;
            }
            double appendSeconds = (System.nanoTime() - start) / 1e9;
            System.out.println("replaying ...");
            Consumer c = log.consumer("bench");
            long replayed = 0;
            long t0 = System.nanoTime();
            for (List<LogEntry> b = c.poll(10_000, 8 << 20); !b.isEmpty(); b = c.poll(10_000, 8 << 20)) {
                replayed += b.size();
            }
            double replaySeconds = (System.nanoTime() - t0) / 1e9;
            String line = String.format(Locale.ROOT, "| %d B x %d per append | %,.0f | %.1f | %,.0f | %,.0f | %.1f |%n",
                    recordBytes, perAppend, records / appendSeconds, records * (double) recordBytes / appendSeconds / (1 << 20),
                    appends / appendSeconds, replayed / replaySeconds, replayed * (double) recordBytes / replaySeconds / (1 << 20));
            System.out.print(line);
            Path file = Path.of("docs/benchmarks.md");
            String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
            String body = "### Durable log: append (every-batch fsync) and replay, one thread\n\n"
                    + BenchReport.machine("java -cp bench/target/benchmarks.jar io.edgeobs.bench.DurableLogBench "
                    + recordBytes + " " + perAppend + " " + seconds)
                    + "\n| records | appended records/s | appended MiB/s | fsyncs/s | replayed records/s | replayed MiB/s |\n"
                    + "|---|---:|---:|---:|---:|---:|\n" + line;
            Files.writeString(file, BenchReport.replaceSection(text, "durable-log-" + recordBytes + "-" + perAppend, body));
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
