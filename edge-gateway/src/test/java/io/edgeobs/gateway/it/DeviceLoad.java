package io.edgeobs.gateway.it;

import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.BatchCodec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.GZIPOutputStream;

/**
 * Devices that behave like the agent: each sends its batches in order, numbered 1, 2, 3..., and sends the same batch
 * again (same number, same records) until the gateway answers 200. Only batches answered 200 count as acknowledged.
 * Talks to 127.0.0.1 only, at a bounded rate, and stops when told to.
 */
final class DeviceLoad implements AutoCloseable {

    static final int POINTS = 20;

    private final String url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    /** {@code devices} devices, each sending a batch every {@code everyMillis} ms. */
    DeviceLoad(String url, String token, int devices, long everyMillis) {
        this.url = url;
        this.token = token;
        for (int d = 0; d < devices; d++) {
            String device = "dev-" + d;
            Thread t = new Thread(() -> send(device, everyMillis), "load-" + device);
            threads.add(t);
            t.start();
        }
    }

    private void send(String device, long everyMillis) {
        for (long seq = 1; running; seq++) {
            byte[] body = gzip(BatchCodec.encode(batch(device, seq)));
            while (running && !post(body)) {
                refused.incrementAndGet();
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            if (!running) {
                return;
            }
            acknowledged.put(device, seq);
            LockSupport.parkNanos(Duration.ofMillis(everyMillis).toNanos());
        }
    }

    static Batch batch(String device, long seq) {
        long now = System.currentTimeMillis() * 1_000_000L;
        List<MetricPoint> points = new ArrayList<>(POINTS);
        for (int i = 0; i < POINTS; i++) {
            points.add(MetricPoint.gauge("it_value", seq, now, Tags.of("i", Integer.toString(i))));
        }
        return Batch.ofMetrics(new Resource("", "", device, "it", "1", Tags.EMPTY), seq, points);
    }

    private boolean post(byte[] body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/v1/batches"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/x-protobuf").header("Content-Encoding", "gzip")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 == 4 && r.statusCode() != 429) {
                throw new IllegalStateException("the gateway refused a batch for good: " + r.statusCode() + " " + r.body());
            }
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false; // the gateway is down (killed) or restarting: send the same batch again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Per device, the highest batch number the gateway answered 200 for (all below it were too). */
    Map<String, Long> acknowledged() {
        return Map.copyOf(acknowledged);
    }

    long total() {
        return acknowledged.values().stream().mapToLong(Long::longValue).sum();
    }

    long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            LockSupport.unpark(t);
            try {
                t.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
