package io.edgeobs.durablelog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child JVM appends at full speed and is killed with SIGKILL at random moments, again and again. After each kill,
 * every acknowledged record must be in the log exactly once, in order per writer thread, and no read may return a
 * corrupt record. Iterations: {@code EDGEOBS_CRASH_ITERATIONS} (default 50).
 */
class CrashTest {

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedRecordAcrossSigkills() throws Exception {
        int iterations = Integer.parseInt(System.getenv().getOrDefault("EDGEOBS_CRASH_ITERATIONS", "50"));
        Random random = new Random(42);
        Map<Integer, Long> lastSeen = new HashMap<>();   // per writer thread: highest n found in the log so far
        Set<String> seen = new HashSet<>();
        long next = 0;
        long totalCut = 0;
        for (int i = 0; i < iterations; i++) {
            // Given a writer killed at a random moment
            Map<Integer, Long> acked = runAndKill(next, 50 + random.nextInt(400));

            // When the log is opened again
            try (DurableLog log = DurableLog.open(DurableLogConfig.defaults(dir).withSegmentBytes(256 * 1024))) {
                totalCut += log.stats().recoveredCutRecords();
                Consumer verify = log.consumer("verify");
                Map<Integer, Long> newest = new HashMap<>(lastSeen);
                for (List<LogEntry> b = verify.poll(10_000, 8 << 20); !b.isEmpty(); b = verify.poll(10_000, 8 << 20)) {
                    for (LogEntry e : b) {
                        // Then every record reads back whole (its CRC was checked), once, in order per thread
                        String[] parts = new String(e.payload(), StandardCharsets.UTF_8).split(":");
                        int thread = Integer.parseInt(parts[0]);
                        long n = Long.parseLong(parts[1]);
                        assertThat(seen.add(thread + ":" + n)).as("record %s:%d appears twice", thread, n).isTrue();
                        assertThat(n).as("order of thread %d", thread).isGreaterThan(newest.getOrDefault(thread, next - 1));
                        newest.put(thread, n);
                    }
                    verify.ack(b.get(b.size() - 1).offset());
                }
                // and everything that was acknowledged to the writer is there
                for (Map.Entry<Integer, Long> a : acked.entrySet()) {
                    assertThat(newest.getOrDefault(a.getKey(), -1L)).as("iteration %d thread %d: acknowledged up to %d",
                            i, a.getKey(), a.getValue()).isGreaterThanOrEqualTo(a.getValue());
                }
                lastSeen = newest;
                next = newest.values().stream().mapToLong(v -> v).max().orElse(next) + 1_000_000;
            }
        }
        System.out.printf("crash test: %d SIGKILLs, %d records read back and checked, %d torn records cut on recovery%n",
                iterations, seen.size(), totalCut);
    }

    /** Runs the writer until it acknowledged something, lets it go on for {@code millis}, kills it; returns acks. */
    private Map<Integer, Long> runAndKill(long start, int millis) throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx128m",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dir.toString(), Long.toString(start))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Map<Integer, Long> acked = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong firstAck = new AtomicLong();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    String[] parts = line.split(" ");
                    acked.merge(Integer.parseInt(parts[1]), Long.parseLong(parts[2]), Math::max);
                    firstAck.compareAndSet(0, System.nanoTime());
                }
            } catch (java.io.IOException killed) {
                // the pipe breaks when the process dies
            }
        });
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (firstAck.get() == 0 && System.nanoTime() < deadline && p.isAlive()) {
            Thread.onSpinWait();
        }
        assertThat(firstAck.get()).as("the writer acknowledged something").isPositive();
        TimeUnit.MILLISECONDS.sleep(millis);
        p.destroyForcibly(); // SIGKILL
        p.waitFor(10, TimeUnit.SECONDS);
        reader.join(5_000);
        return acked;
    }
}
