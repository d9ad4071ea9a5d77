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

    /**
     * Polls for probe points newer than the last seen, by the probe series' id and a time bound, so that each poll reads
     * only the new rows through the {@code (series_id, ts)} index. (Reading the series' every point each time, as
     * this probe did before, made the database read more and more as a run went on, and slowed what it measures.)
     * Points up to 10 s older than the newest seen are read again, in case one commits after a later one; each probe
     * point counts once.
     */
    private void read() {
        while (running.get()) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres")) {
                long series = seriesId(c);
                if (series < 0) {
                    sleep(200);
                    continue;
                }
                long newestMillis = 0;
                try (PreparedStatement st = c.prepareStatement("SELECT p.value, (extract(epoch FROM p.ts) * 1000)::bigint "
                        + "FROM metric_points p WHERE p.series_id = ? AND p.ts > ?")) {
                    st.setLong(1, series);
                    while (running.get()) {
                        st.setObject(2, java.time.OffsetDateTime.ofInstant(java.time.Instant.ofEpochMilli(
                                Math.max(0, newestMillis - 10_000)), java.time.ZoneOffset.UTC));
                        try (ResultSet rs = st.executeQuery()) {
                            long now = System.currentTimeMillis();
                            while (rs.next()) {
                                newestMillis = Math.max(newestMillis, rs.getLong(2));
                                long seq = (long) rs.getDouble(1);
                                Long sent = sentNanos.remove(seq);
                                if (sent != null && seq > resetSeq) {
                                    latencies.add((double) (now - sent));
                                }
                            }
                        }
                        sleep(20);
                    }
                }
            } catch (Exception e) {
                sleep(1000); // the database is still starting: try again
            }
        }
    }

    /** The probe series' id, or -1 while it does not exist yet. */
    private static long seriesId(Connection c) throws java.sql.SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT id FROM series WHERE name = ? AND device_id = 'bench-probe'")) {
            st.setString(1, NAME);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
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
