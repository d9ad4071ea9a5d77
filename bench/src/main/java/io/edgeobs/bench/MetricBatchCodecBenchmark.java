package io.edgeobs.bench;

import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.BatchCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Encoding and decoding of metric batches, in points per second on one thread. The batch looks like one
 * scrape of a device: 1,000 points of a few dozen series names with 3 to 6 tags each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class MetricBatchCodecBenchmark {

    static final int POINTS = 1_000;

    private Batch batch;
    private byte[] encoded;

    @Setup
    public void setUp() {
        batch = deviceScrape(POINTS);
        encoded = BatchCodec.encode(batch);
    }

    static Batch deviceScrape(int points) {
        long t = 1_764_000_000_000_000_000L;
        String[] modes = {"idle", "user", "system", "iowait", "irq", "softirq", "steal", "nice"};
        List<MetricPoint> list = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            Tags tags = switch (i % 3) {
                case 0 -> Tags.of("cpu", Integer.toString(i % 4), "mode", modes[i % modes.length],
                        "instance", "localhost:9100", "job", "node");
                case 1 -> Tags.of("device", "eth" + (i % 2), "instance", "localhost:9100", "job", "node",
                        "direction", "rx", "proto", "tcp");
                default -> Tags.of("mountpoint", "/data" + (i % 5), "fstype", "ext4", "instance", "localhost:9100");
            };
            MetricKind kind = i % 2 == 0 ? MetricKind.COUNTER : MetricKind.GAUGE;
            list.add(new MetricPoint("node_metric_" + (i % 40), i * 1.5, "", t + i, tags, kind,
                    io.edgeobs.model.Id.EMPTY));
        }
        return Batch.ofMetrics(new Resource("acme", "pumps", "dev-0001", "rpi4", "0.1.0", Tags.of("site", "north")),
                1, list);
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public byte[] encode() {
        return BatchCodec.encode(batch);
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public Batch decode() {
        return BatchCodec.decode(encoded);
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public String encodeWithContentId() {
        return BatchCodec.contentId(BatchCodec.encode(batch));
    }
}
