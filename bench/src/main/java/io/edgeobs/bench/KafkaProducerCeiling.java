package io.edgeobs.bench;

import io.edgeobs.bench.ForwardedRecords.Forwarded;
import io.edgeobs.model.Signal;
import io.edgeobs.testsupport.DataDirs;
import io.edgeobs.testsupport.kafka.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The ceiling the gateway's forwarding is compared with: the plain kafka-clients producer, with the gateway's
 * producer settings, writing records of the very size and shape the gateway forwards ({@link ForwardedRecords}) into
 * the same topics ({@code edgeobs.metrics}, {@code edgeobs.spans}, {@code edgeobs.logs}, 3 partitions each, as in
 * the local stack and the gateway benchmark) of an in-JVM broker. No HTTP, no durable log, no rounds: one thread
 * sends back to back, asynchronously, through one producer per signal (as the gateway has), so the only limits are
 * the producer (serialisation, lz4 on the sending thread, the network thread) and the broker, on loopback.
 * <pre>
 *   ./mvnw -q -pl bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar io.edgeobs.bench.KafkaProducerCeiling [seconds] [reference|gateway-bench] [compression]
 * </pre>
 */
public final class KafkaProducerCeiling {

    /**
     * What is sent and how; {@link #gateway()} is the gateway's defaults ({@code edgeobs.gateway.kafka.*}, and
     * {@code KafkaSink}'s fixed acks=all, idempotence, 5 requests in flight).
     *
     * @param partitions     partitions of each topic
     * @param compression    {@code compression.type}
     * @param linger         {@code linger.ms}
     * @param batchSize      {@code batch.size}, bytes
     * @param maxRequestSize {@code max.request.size}, bytes (the broker's {@code message.max.bytes} is set to match)
     * @param load           {@code reference} (device-simulator's reference devices: metrics, spans and logs) or
     *                       {@code gateway-bench} (GatewayThroughputBench's 1,000-point metric batches)
     * @param devices        devices of the {@code reference} load (6 exports each, one minute of data, are prepared)
     */
    public record Settings(int partitions, String compression, Duration linger, int batchSize, int maxRequestSize,
                           String load, int devices) {

        public Settings {
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
            }
            if (linger.isNegative()) {
                throw new IllegalArgumentException("linger must not be negative, was " + linger);
            }
            if (batchSize < 1 || maxRequestSize < batchSize) {
                throw new IllegalArgumentException("need 0 < batchSize <= maxRequestSize, was " + batchSize + ", "
                        + maxRequestSize);
            }
            if (!load.equals("reference") && !load.equals("gateway-bench")) {
                throw new IllegalArgumentException("load must be reference or gateway-bench, was " + load);
            }
            if (devices < 1) {
                throw new IllegalArgumentException("devices must be at least 1, was " + devices);
            }
        }

        /** The gateway's defaults, the reference load of 200 devices. */
        public static Settings gateway() {
            return new Settings(3, "lz4", Duration.ofMillis(5), 512 * 1024, 16 << 20, "reference", 200);
        }

        public Settings withLoad(String newLoad) {
            return new Settings(partitions, compression, linger, batchSize, maxRequestSize, newLoad, devices);
        }

        public Settings withCompression(String newCompression) {
            return new Settings(partitions, newCompression, linger, batchSize, maxRequestSize, load, devices);
        }

        /** The producer of one signal, configured as the gateway's {@code Forwarding.producer} and {@code KafkaSink}. */
        Map<String, Object> producer(String bootstrap, Signal s) {
            Map<String, Object> p = new HashMap<>();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.CLIENT_ID_CONFIG, "edgeobs-ceiling-" + s.name().toLowerCase(Locale.ROOT));
            p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
            p.put(ProducerConfig.LINGER_MS_CONFIG, (int) linger.toMillis());
            p.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
            p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestSize);
            p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L << 20, 2L * maxRequestSize));
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000L);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            return p;
        }
    }

    private KafkaProducerCeiling() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        Settings settings = Settings.gateway();
        if (args.length > 1) {
            settings = settings.withLoad(args[1]);
        }
        if (args.length > 2) {
            settings = settings.withCompression(args[2]);
        }
        Ceiling c = measure(Duration.ofSeconds(seconds), settings);
        System.out.println(c);
        write(c, "java -cp bench/target/benchmarks.jar io.edgeobs.bench.KafkaProducerCeiling " + String.join(" ", args));
    }

    /** {@link #measure(Duration, Settings)} with the gateway's settings. */
    public static Ceiling measure(Duration d) throws Exception {
        return measure(d, Settings.gateway());
    }

    /**
     * Starts a broker (in this JVM, a temporary directory, loopback), warms up for a fifth of {@code d} (at most
     * 10 s), then sends for {@code d} and waits for every acknowledgement. The rates count acknowledged records from
     * the start of the measured period to the last acknowledgement. Checks that the topics hold every acknowledged
     * record before it returns. Prints one progress line a second.
     *
     * @return metric points/s acknowledged, with telemetry records/s, batches (Kafka records)/s, MB/s of record
     * values as sent (before compression) and the settings in the details
     */
    public static Ceiling measure(Duration d, Settings s) throws Exception {
        System.out.printf(Locale.ROOT, "kafka producer ceiling: preparing the %s load ...%n", s.load());
        List<Forwarded> records = s.load().equals("reference") ? ForwardedRecords.reference(s.devices(), 6)
                : ForwardedRecords.gatewayBench();
        long bytes = records.stream().mapToLong(r -> r.value().length).sum();
        System.out.printf(Locale.ROOT, "  %,d records prepared, %.1f MB, %,.0f bytes per record on average%n",
                records.size(), bytes / 1e6, bytes / (double) records.size());
        for (Signal sig : Signal.values()) {
            List<Forwarded> of = records.stream().filter(r -> r.signal() == sig).toList();
            if (!of.isEmpty()) {
                System.out.printf(Locale.ROOT, "  %s: %,d records of %,.0f %s and %,.0f bytes on average%n", sig.topic(),
                        of.size(), of.stream().mapToInt(Forwarded::records).average().orElse(0),
                        sig.name().toLowerCase(Locale.ROOT), of.stream().mapToInt(r -> r.value().length).average().orElse(0));
            }
        }
        Path dir = DataDirs.temporary("kafka-ceiling-");
        // disk bounded whatever the duration (otherwise 2 to 4 GB of lz4 a minute); deleting old segments is a
        // file unlink, off the produce path
        try (EmbeddedKafka kafka = EmbeddedKafka.builder().dataDir(dir).autoCreateTopics(false)
                .config("message.max.bytes", Integer.toString(s.maxRequestSize()))
                .config("log.retention.bytes", Long.toString(512L << 20))
                .config("log.segment.bytes", Integer.toString(128 << 20))
                .config("log.retention.check.interval.ms", "5000")
                .config("log.segment.delete.delay.ms", "1000").start()) {
            for (Signal sig : Signal.values()) {
                kafka.createTopic(sig.topic(), s.partitions());
            }
            Map<Signal, KafkaProducer<byte[], byte[]>> producers = new EnumMap<>(Signal.class);
            try {
                for (Signal sig : Signal.values()) {
                    producers.put(sig, new KafkaProducer<>(s.producer(kafka.bootstrapServers(), sig),
                            new ByteArraySerializer(), new ByteArraySerializer()));
                }
                ProducerAcks acks = new ProducerAcks();
                Duration warmUp = Duration.ofMillis(Math.min(10_000, d.toMillis() / 5));
                System.out.printf(Locale.ROOT, "  warming up for %.1f s ...%n", warmUp.toMillis() / 1000.0);
                int next = send(records, 0, producers, acks, warmUp, "warm-up");
                ProducerAcks.Snapshot before = acks.snapshot();
                System.out.printf(Locale.ROOT, "  sending for %d s (%s, linger %d ms, batch %d KiB, acks=all, "
                                + "idempotent) ...%n", d.toSeconds(), s.compression(), s.linger().toMillis(),
                        s.batchSize() / 1024);
                long t0 = System.nanoTime();
                send(records, next, producers, acks, d, "measured");
                double seconds = (System.nanoTime() - t0) / 1e9;
                ProducerAcks.Snapshot delta = acks.snapshot().minus(before);
                acks.throwIfFailed();
                double compression = compressionRate(producers.get(Signal.METRICS));
                verifyStored(kafka, acks.snapshot());
                return ceiling(s, delta, seconds, compression, bytes / (double) records.size());
            } finally {
                producers.values().forEach(p -> p.close(Duration.ofSeconds(10)));
            }
        } finally {
            DataDirs.deleteRecursively(dir);
        }
    }

    /**
     * Sends records in order, round and round from {@code from}, until {@code d} has passed, then flushes; prints
     * the acknowledged rates once a second. Returns where it stopped.
     */
    private static int send(List<Forwarded> records, int from, Map<Signal, KafkaProducer<byte[], byte[]>> producers,
                            ProducerAcks acks, Duration d, String phase) {
        long start = System.nanoTime();
        long deadline = start + d.toNanos();
        long nextReport = start + 1_000_000_000L;
        ProducerAcks.Snapshot last = acks.snapshot();
        int i = from;
        while (System.nanoTime() < deadline) {
            for (int k = 0; k < 64; k++, i = (i + 1) % records.size()) {
                Forwarded f = records.get(i);
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(f.signal().topic(), null, f.key(), f.value(),
                        List.of(new RecordHeader(KafkaHeaders.BATCH_ID, f.batchId()),
                                new RecordHeader(KafkaHeaders.DEDUP, f.dedup())));
                producers.get(f.signal()).send(r, acks.callback(f));
            }
            long now = System.nanoTime();
            if (now >= nextReport) {
                ProducerAcks.Snapshot cur = acks.snapshot();
                ProducerAcks.Snapshot sec = cur.minus(last);
                double dt = (now - nextReport + 1_000_000_000L) / 1e9;
                System.out.printf(Locale.ROOT, "  %s %3d s: %,9.0f metric points/s, %,7.0f batches/s, %6.1f MB/s "
                        + "acknowledged%n", phase, Math.round((now - start) / 1e9), sec.points() / dt, sec.batches() / dt,
                        sec.bytes() / 1e6 / dt);
                last = cur;
                nextReport = now + 1_000_000_000L;
            }
        }
        producers.values().forEach(KafkaProducer::flush);
        return i;
    }

    private static Ceiling ceiling(Settings s, ProducerAcks.Snapshot delta, double seconds, double compression,
                                   double meanRecordBytes) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("telemetry records/s", delta.records() / seconds);
        details.put("batches/s", delta.batches() / seconds);
        details.put("metric batches/s", delta.batchesOf(Signal.METRICS) / seconds);
        details.put("MB/s", delta.bytes() / 1e6 / seconds);
        details.put("metric points/s", delta.points() / seconds);
        details.put("spans/s", delta.spans() / seconds);
        details.put("logs/s", delta.logs() / seconds);
        details.put("seconds", seconds);
        details.put("batches", delta.batches());
        details.put("mean record bytes", meanRecordBytes);
        details.put("load", s.load() + (s.load().equals("reference") ? " (" + s.devices() + " devices)" : ""));
        details.put("settings", String.format(Locale.ROOT, "%d partitions, %s, linger %d ms, batch.size %d KiB, "
                        + "max.request.size %d MiB, acks=all, idempotent, 5 in flight", s.partitions(), s.compression(),
                s.linger().toMillis(), s.batchSize() / 1024, s.maxRequestSize() >> 20));
        details.put("load average", IngestThroughputBench.loadAverage());
        if (!Double.isNaN(compression)) {
            details.put("metrics compression ratio", compression);
        }
        return new Ceiling("kafka-producer", "metric points/s", delta.points() / seconds, details);
    }

    /** The producer's own mean compressed/uncompressed size ratio of its batches (NaN when unknown). */
    private static double compressionRate(KafkaProducer<byte[], byte[]> p) {
        return p.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("compression-rate-avg") && e.getKey().group().equals("producer-metrics"))
                .map(e -> e.getValue().metricValue()).filter(v -> v instanceof Double).mapToDouble(v -> (Double) v)
                .findFirst().orElse(Double.NaN);
    }

    /** The topics' end offsets must add up to the batches acknowledged for them: nothing counted that is not there. */
    private static void verifyStored(EmbeddedKafka kafka, ProducerAcks.Snapshot all) throws Exception {
        try (Admin admin = kafka.admin()) {
            for (Signal sig : Signal.values()) {
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                int partitions = admin.describeTopics(List.of(sig.topic())).allTopicNames().get().get(sig.topic())
                        .partitions().size();
                for (int p = 0; p < partitions; p++) {
                    latest.put(new TopicPartition(sig.topic(), p), OffsetSpec.latest());
                }
                long stored = admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
                if (stored != all.batchesOf(sig)) {
                    throw new IllegalStateException(sig.topic() + " holds " + stored + " records but "
                            + all.batchesOf(sig) + " were acknowledged");
                }
            }
        }
    }

    /** The gateway's header names ({@code KafkaSink}). */
    private static final class KafkaHeaders {
        static final String BATCH_ID = "edgeobs.batch.id";
        static final String DEDUP = "edgeobs.dedup";
    }

    private static void write(Ceiling c, String command) throws Exception {
        Path file = Path.of("docs/benchmarks.md");
        StringBuilder rows = new StringBuilder();
        for (String k : List.of("metric points/s", "telemetry records/s", "batches/s", "metric batches/s", "MB/s", "spans/s",
                "logs/s")) {
            rows.append(String.format(Locale.ROOT, k.equals("MB/s") ? "| %s | %,.1f |%n" : "| %s | %,.0f |%n", k,
                    (Double) c.details().get(k)));
        }
        String body = "### Ceiling: the raw Kafka producer into the gateway's topics\n\n"
                + BenchReport.machine(command.trim())
                + "- setup: one thread, one kafka-clients producer per signal (" + c.details().get("settings")
                + "), in-JVM broker on loopback; records as the gateway forwards them (" + c.details().get("load")
                + ", mean " + String.format(Locale.ROOT, "%,.0f", (Double) c.details().get("mean record bytes"))
                + " bytes); MB/s counts record values before compression"
                + (c.details().containsKey("metrics compression ratio") ? String.format(Locale.ROOT,
                " (compressed, metric batches were %.2f of their size)", (Double) c.details().get("metrics compression ratio")) : "")
                + "\n- load average at the end: " + c.details().get("load average") + "\n\n"
                + "| acknowledged | per second |\n|---|---:|\n" + rows;
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        Files.writeString(file, BenchReport.replaceSection(text, "kafka-producer-ceiling", body));
        System.out.println("Wrote results to " + file.toAbsolutePath());
    }
}
