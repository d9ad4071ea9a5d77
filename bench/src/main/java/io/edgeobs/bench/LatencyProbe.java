package io.edgeobs.bench;

import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.simulator.GatewaySender;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Probe points, one every 100 ms from device {@code bench-probe}, and a reader that polls PostgreSQL every 20 ms
 * for new ones: end-to-end latency from the point's timestamp (set when it is sent) to committed in the database.
 */
final class LatencyProbe {

    private static final String NAME = "edgeobs_bench_probe";
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<Long, Long> sentNanos = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>();
    private volatile long resetSeq;
    private volatile long lastSeq;
    private Thread sender;
    private Thread reader;
    private final GatewaySender gateway;
    private final String jdbcUrl;

    LatencyProbe(GatewaySender gateway, String jdbcUrl) {
        this.gateway = gateway;
        this.jdbcUrl = jdbcUrl;
    }

    void start() {
        Resource device = Resource.device("bench-probe", "probe", "pipeline-bench");
        sender = new Thread(() -> {
            long seq = 1;
            while (running.get()) {
                long nowMillis = System.currentTimeMillis();
                Batch b = new Batch(device, seq, Signal.METRICS, List.of(MetricPoint.gauge(NAME, seq,
                        nowMillis * 1_000_000L, Tags.of("probe", "1"))), null);
                sentNanos.put(seq, nowMillis);
                gateway.send(b, BatchCodec.encode(b));
                lastSeq = seq++;
                sleep(100);
            }
        }, "probe-sender");
        reader = new Thread(this::read, "probe-reader");
        sender.setDaemon(true);
        reader.setDaemon(true);
        sender.start();
        reader.start();
    }

    private void read() {
        double seen = 0;
        while (running.get()) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
                 PreparedStatement st = c.prepareStatement("SELECT p.value FROM metric_points p JOIN series s ON s.id = p.series_id "
                         + "WHERE s.name = '" + NAME + "' AND s.device_id = 'bench-probe' AND p.value > ? ORDER BY p.value")) {
                while (running.get()) {
                    st.setDouble(1, seen);
                    try (ResultSet rs = st.executeQuery()) {
                        long now = System.currentTimeMillis();
                        while (rs.next()) {
                            seen = Math.max(seen, rs.getDouble(1));
                            Long sent = sentNanos.remove((long) rs.getDouble(1));
                            if (sent != null && (long) rs.getDouble(1) > resetSeq) {
                                latencies.add((double) (now - sent));
                            }
                        }
                    }
                    sleep(20);
                }
            } catch (Exception e) {
                sleep(1000); // the database is still starting: try again
            }
        }
    }

    void reset() {
        resetSeq = lastSeq;
        latencies.clear();
    }

    int count() {
        return latencies.size();
    }

    /** Probes sent since the last reset and older than 10 s that were never seen. */
    long unseen() {
        long old = System.currentTimeMillis() - 10_000;
        return sentNanos.entrySet().stream().filter(e -> e.getKey() > resetSeq && e.getValue() < old).count();
    }

    Double percentile(double q) {
        List<Double> l = new ArrayList<>(latencies);
        if (l.isEmpty()) {
            return null;
        }
        l.sort(null);
        return l.get(Math.min(l.size() - 1, (int) Math.ceil(q * l.size()) - (q == 0 ? 0 : 1)));
    }

    void stop() {
        running.set(false);
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
    }
}
