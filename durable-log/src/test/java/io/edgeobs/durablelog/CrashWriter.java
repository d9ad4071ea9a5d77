package io.edgeobs.durablelog;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Child process of {@link CrashTest}: four threads append to the log as fast as they can and print
 * {@code ACK <thread> <n>} once each batch is acknowledged (durable). The parent kills it with SIGKILL at a random
 * moment. Payloads are {@code <thread>:<n>} with {@code n} increasing per thread, padded to a random length.
 */
public final class CrashWriter {

    private CrashWriter() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long start = Long.parseLong(args[1]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        DurableLog log = DurableLog.open(DurableLogConfig.defaults(dir).withSegmentBytes(256 * 1024));
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (long n = start; ; ) {
                    int size = 1 + random.nextInt(8);
                    List<byte[]> batch = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        batch.add((thread + ":" + (n + i) + ":" + "x".repeat(random.nextInt(200))).getBytes(StandardCharsets.UTF_8));
                    }
                    log.append(batch);
                    n += size;
                    synchronized (out) {
                        out.println("ACK " + thread + " " + (n - 1));
                        out.flush();
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
    }
}
