package io.edgeobs.bench;

import io.edgeobs.model.convert.prometheus.ParseResult;
import io.edgeobs.model.convert.prometheus.PrometheusFormat;
import io.edgeobs.model.convert.prometheus.PrometheusParser;
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

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Parsing the real node_exporter 1.5.0 scrape (507 samples, 283 families), in samples per second on one thread. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PrometheusParserBenchmark {

    static final int SAMPLES = 507;

    private String text;
    private byte[] bytes;

    @Setup
    public void setUp() throws IOException {
        try (InputStream in = PrometheusParserBenchmark.class.getResourceAsStream("/node-exporter-1.5.0.prom")) {
            bytes = in.readAllBytes();
        }
        text = new String(bytes, StandardCharsets.UTF_8);
        ParseResult check = PrometheusParser.parse(text, PrometheusFormat.TEXT_0_0_4, 1L);
        if (check.points().size() != SAMPLES || check.hasErrors()) {
            throw new IllegalStateException("fixture did not parse as expected: " + check.points().size()
                    + " points, errors " + check.errors());
        }
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public ParseResult nodeExporter() {
        return PrometheusParser.parse(text, PrometheusFormat.TEXT_0_0_4, 1_764_000_000_000_000_000L);
    }

    @Benchmark
    @OperationsPerInvocation(SAMPLES)
    public ParseResult nodeExporterFromBytes() {
        return PrometheusParser.parse(bytes, PrometheusFormat.TEXT_0_0_4, 1_764_000_000_000_000_000L);
    }
}
