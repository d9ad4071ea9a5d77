package io.edgeobs.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Envelope;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ConfluentFraming;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ingest benchmark's load: device batches as the gateway forwards them to {@code edgeobs.metrics} (ADR 0005:
 * key {@code tenant/device}, Confluent framing with the registry's id, {@code edgeobs.batch.id} and
 * {@code edgeobs.dedup: seq}). Each device has 250 series shaped like node_exporter's (name plus two or three
 * labels); a batch holds 4 scrapes of them, 1,000 points, as an agent exports them.
 */
final class IngestLoad implements AutoCloseable {

    static final int SERIES_PER_DEVICE = 250;
    static final int SCRAPES_PER_BATCH = 4;
    static final int POINTS_PER_BATCH = SERIES_PER_DEVICE * SCRAPES_PER_BATCH;
    private static final int[] BATCH_INDEX = {io.edgeobs.model.proto.Batch.getDescriptor().getIndex()};

    private final KafkaProducer<byte[], byte[]> producer;
    private final int schemaId;
    private final long[] nextSeq;
    private final long startNanos;

    IngestLoad(String bootstrap, String registryUrl, int devices, long startUnixNanos) throws Exception {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        this.schemaId = latestSchemaId(registryUrl, Signal.METRICS.topic());
        this.nextSeq = new long[devices];
        this.startNanos = startUnixNanos;
    }

    int devices() {
        return nextSeq.length;
    }

    /** The next batch of device {@code d}: 4 scrapes 10 s apart, continuing where its previous batch ended. */
    Batch nextBatch(int d) {
        long seq = ++nextSeq[d];
        List<MetricPoint> points = new ArrayList<>(POINTS_PER_BATCH);
        for (int scrape = 0; scrape < SCRAPES_PER_BATCH; scrape++) {
            long t = startNanos + ((seq - 1) * SCRAPES_PER_BATCH + scrape) * 10_000_000_000L + d * 1_000_000L;
            for (int s = 0; s < SERIES_PER_DEVICE; s++) {
                points.add(new MetricPoint(name(s), seq * 10 + s % 97 + scrape * 0.25, "", t, tags(s),
                        s % 5 == 0 ? MetricKind.GAUGE : MetricKind.COUNTER, null));
            }
        }
        Resource r = new Resource("bench", "fleet-1", "device-" + d, "rpi4", "0.1.0", Tags.of("site", "s" + d % 10));
        return new Batch(r, seq, Signal.METRICS, points, new Envelope("gw-1", "eu-1", startNanos + seq));
    }

    private static String name(int s) {
        return switch (s % 5) {
            case 0 -> "node_memory_bytes";
            case 1 -> "node_cpu_seconds_total";
            case 2 -> "node_network_receive_bytes_total";
            case 3 -> "node_disk_io_time_seconds_total";
            default -> "node_context_switches_total";
        };
    }

    private static Tags tags(int s) {
        return Tags.of("cpu", Integer.toString(s % 4), "mode", "m" + s / 20, "series", Integer.toString(s));
    }

    /** Sends one batch per device, round-robin, {@code rounds} times; returns the points sent. */
    long produceRounds(int rounds) {
        long points = 0;
        for (int i = 0; i < rounds; i++) {
            for (int d = 0; d < nextSeq.length; d++) {
                points += send(nextBatch(d));
            }
        }
        producer.flush();
        return points;
    }

    int send(Batch b) {
        byte[] payload = BatchCodec.encode(b);
        RecordHeaders headers = new RecordHeaders();
        headers.add("edgeobs.batch.id", BatchCodec.contentId(payload).getBytes(StandardCharsets.UTF_8));
        headers.add("edgeobs.dedup", "seq".getBytes(StandardCharsets.UTF_8));
        byte[] key = (b.resource().tenant() + "/" + b.resource().deviceId()).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Signal.METRICS.topic(), null, key,
                ConfluentFraming.encode(schemaId, BATCH_INDEX, payload), headers));
        return b.size();
    }

    void flush() {
        producer.flush();
    }

    static int latestSchemaId(String registryUrl, String subject) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(registryUrl + "/subjects/" + subject + "/versions/latest")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("registry answered " + r.statusCode() + " for " + subject);
        }
        return new ObjectMapper().readTree(r.body()).path("id").asInt();
    }

    @Override
    public void close() {
        producer.close();
    }
}
