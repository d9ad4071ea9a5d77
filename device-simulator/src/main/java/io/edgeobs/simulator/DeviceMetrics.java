package io.edgeobs.simulator;

import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Tags;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The metric series of one simulated device, shaped like what an agent scrapes from node_exporter and an
 * application: CPU and network counters, memory and temperature gauges, a request-latency histogram per route and
 * request counters, filled up with sensor gauges to the profile's series count. Gauges walk randomly within
 * bounds; counters grow and, once in a while ({@link #RESET_EVERY} exports on average), reset to zero together as
 * when the device's software restarts; histogram buckets, sum and count stay consistent with each other.
 */
final class DeviceMetrics {

    /** Exports between counter resets, on average (an application restart about every 3 hours at 10 s). */
    static final int RESET_EVERY = 1000;
    static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, Double.POSITIVE_INFINITY};
    private static final String[] ROUTES = {"/ingest", "/status", "/config"};
    private static final String[] MODES = {"user", "system", "idle", "iowait", "irq", "softirq", "steal", "nice"};

    private enum Shape { GAUGE, COUNTER, HISTOGRAM }

    private record Series(String name, MetricKind kind, Tags tags, Shape shape, double min, double max, double rate,
                          int histogram, int bucket) {
    }

    private final List<Series> series = new ArrayList<>();
    private final double[] values;
    private final long[][] bucketCounts;
    private final double[] histogramSums;
    private final long[] histogramCounts;
    private final SplittableRandom random;
    private long resets;

    DeviceMetrics(int seriesCount, long seed) {
        this.random = new SplittableRandom(seed);
        int histograms = 0;
        add(new Series("node_load1", MetricKind.GAUGE, Tags.EMPTY, Shape.GAUGE, 0, 4, 0, -1, -1), seriesCount);
        for (int cpu = 0; cpu < 4 && series.size() < seriesCount; cpu++) {
            for (String mode : MODES) {
                add(new Series("node_cpu_seconds_total", MetricKind.COUNTER, Tags.of("cpu", Integer.toString(cpu), "mode", mode),
                        Shape.COUNTER, 0, 0, mode.equals("idle") ? 0.7 : 0.04, -1, -1), seriesCount);
            }
        }
        for (String m : List.of("MemAvailable", "MemFree", "Cached", "Buffers")) {
            add(new Series("node_memory_" + m + "_bytes", MetricKind.GAUGE, Tags.EMPTY, Shape.GAUGE, 1e8, 9e8, 0, -1, -1),
                    seriesCount);
        }
        for (String dev : List.of("eth0", "wlan0")) {
            add(new Series("node_network_receive_bytes_total", MetricKind.COUNTER, Tags.of("device", dev), Shape.COUNTER,
                    0, 0, 12_000, -1, -1), seriesCount);
            add(new Series("node_network_transmit_bytes_total", MetricKind.COUNTER, Tags.of("device", dev), Shape.COUNTER,
                    0, 0, 30_000, -1, -1), seriesCount);
        }
        for (int s = 0; s < 3; s++) {
            add(new Series("node_hwmon_temp_celsius", MetricKind.GAUGE, Tags.of("sensor", "temp" + s), Shape.GAUGE, 35, 85,
                    0, -1, -1), seriesCount);
        }
        for (String route : ROUTES) {
            if (series.size() + BOUNDS.length + 2 > seriesCount) {
                break;
            }
            for (int b = 0; b < BOUNDS.length; b++) {
                String le = Double.isInfinite(BOUNDS[b]) ? "+Inf" : Double.toString(BOUNDS[b]);
                add(new Series("app_request_duration_seconds_bucket", MetricKind.HISTOGRAM_BUCKET,
                        Tags.of("route", route, "le", le), Shape.HISTOGRAM, 0, 0, 0, histograms, b), seriesCount);
            }
            add(new Series("app_request_duration_seconds_sum", MetricKind.HISTOGRAM_SUM, Tags.of("route", route),
                    Shape.HISTOGRAM, 0, 0, 0, histograms, -1), seriesCount);
            add(new Series("app_request_duration_seconds_count", MetricKind.HISTOGRAM_COUNT, Tags.of("route", route),
                    Shape.HISTOGRAM, 0, 0, 0, histograms, -2), seriesCount);
            for (String code : List.of("200", "500")) {
                add(new Series("app_requests_total", MetricKind.COUNTER, Tags.of("route", route, "code", code),
                        Shape.COUNTER, 0, 0, code.equals("200") ? 2 : 0.02, -1, -1), seriesCount);
            }
            histograms++;
        }
        for (int i = 0; series.size() < seriesCount; i++) {
            add(new Series("sensor_reading", MetricKind.GAUGE, Tags.of("sensor", "s" + i, "unit", i % 2 == 0 ? "lux" : "hPa"),
                    Shape.GAUGE, 0, 1000, 0, -1, -1), seriesCount);
        }
        values = new double[series.size()];
        for (int i = 0; i < values.length; i++) {
            Series s = series.get(i);
            values[i] = s.shape() == Shape.GAUGE ? s.min() + random.nextDouble() * (s.max() - s.min()) : 0;
        }
        bucketCounts = new long[histograms][BOUNDS.length];
        histogramSums = new double[histograms];
        histogramCounts = new long[histograms];
    }

    private void add(Series s, int limit) {
        if (series.size() < limit) {
            series.add(s);
        }
    }

    int seriesCount() {
        return series.size();
    }

    /** Times the counters were reset (as a restart of the device's software would). */
    long resets() {
        return resets;
    }

    /** One scrape: a point per series at {@code nowNanos}, {@code elapsedSeconds} after the previous one. */
    List<MetricPoint> scrape(long nowNanos, double elapsedSeconds) {
        if (random.nextInt(RESET_EVERY) == 0) {
            reset();
        }
        observe(elapsedSeconds);
        List<MetricPoint> out = new ArrayList<>(series.size());
        for (int i = 0; i < values.length; i++) {
            Series s = series.get(i);
            double v = switch (s.shape()) {
                case GAUGE -> values[i] = Math.max(s.min(), Math.min(s.max(),
                        values[i] + (random.nextDouble() - 0.5) * (s.max() - s.min()) * 0.02));
                case COUNTER -> values[i] += s.rate() * elapsedSeconds * (0.5 + random.nextDouble());
                case HISTOGRAM -> s.bucket() >= 0 ? bucketCounts[s.histogram()][s.bucket()]
                        : s.bucket() == -1 ? histogramSums[s.histogram()] : histogramCounts[s.histogram()];
            };
            out.add(new MetricPoint(s.name(), v, "", nowNanos, s.tags(), s.kind(), null));
        }
        return out;
    }

    /** New request latencies for every histogram: cumulative buckets, sum and count move together. */
    private void observe(double elapsedSeconds) {
        for (int h = 0; h < bucketCounts.length; h++) {
            int n = (int) Math.round(2 * elapsedSeconds * (0.5 + random.nextDouble()));
            for (int k = 0; k < n; k++) {
                double latency = Math.exp(-4 + random.nextDouble() * 3.5); // about 18 ms to 600 ms
                histogramSums[h] += latency;
                histogramCounts[h]++;
                for (int b = 0; b < BOUNDS.length; b++) {
                    if (latency <= BOUNDS[b]) {
                        bucketCounts[h][b]++;
                    }
                }
            }
        }
    }

    private void reset() {
        resets++;
        for (int i = 0; i < values.length; i++) {
            if (series.get(i).shape() == Shape.COUNTER) {
                values[i] = 0;
            }
        }
        for (int h = 0; h < bucketCounts.length; h++) {
            java.util.Arrays.fill(bucketCounts[h], 0);
            histogramSums[h] = 0;
            histogramCounts[h] = 0;
        }
    }
}
