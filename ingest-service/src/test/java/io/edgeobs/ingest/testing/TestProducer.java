package io.edgeobs.ingest.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Signal;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ConfluentFraming;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Produces Kafka records the way ADR 0005 says the gateway does: key {@code tenant/device_id}, value the Confluent
 * framing (schema id of the latest version of subject {@code edgeobs.<signal>}, message index of {@code Batch}) of
 * the batch's deterministic encoding, headers {@code edgeobs.batch.id} and {@code edgeobs.dedup}, lz4 compressed.
 */
public final class TestProducer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    public static final int[] BATCH_INDEX = {io.edgeobs.model.proto.Batch.getDescriptor().getIndex()};

    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<Signal, Integer> schemaIds = new EnumMap<>(Signal.class);

    public TestProducer(String bootstrapServers, String registryUrl) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 1 << 20,
                // the gateway's default compression, so every test reads what a gateway really sends
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        for (Signal s : Signal.values()) {
            schemaIds.put(s, latestId(registryUrl, s.topic()));
        }
    }

    public int schemaId(Signal s) {
        return schemaIds.get(s);
    }

    /** A device's batch as the gateway forwards it: dedup by {@code batch_seq}. */
    public void send(Batch batch) {
        send(batch, "seq");
    }

    public void send(Batch batch, String dedup) {
        byte[] payload = BatchCodec.encode(batch);
        RecordHeaders headers = new RecordHeaders();
        headers.add("edgeobs.batch.id", BatchCodec.contentId(payload).getBytes(StandardCharsets.UTF_8));
        headers.add("edgeobs.dedup", dedup.getBytes(StandardCharsets.UTF_8));
        sendRaw(batch.signal().topic(), key(batch), ConfluentFraming.encode(schemaId(batch.signal()), BATCH_INDEX, payload),
                headers);
    }

    public void sendRaw(String topic, byte[] key, byte[] value, RecordHeaders headers) {
        try {
            producer.send(new ProducerRecord<>(topic, null, key, value, headers)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("producing to " + topic + " failed", e.getCause());
        }
    }

    /** Sends without waiting for each acknowledgement; {@link #flush()} waits for all. */
    public void sendAsync(Batch batch) {
        byte[] payload = BatchCodec.encode(batch);
        RecordHeaders headers = new RecordHeaders();
        headers.add("edgeobs.batch.id", BatchCodec.contentId(payload).getBytes(StandardCharsets.UTF_8));
        headers.add("edgeobs.dedup", "seq".getBytes(StandardCharsets.UTF_8));
        producer.send(new ProducerRecord<>(batch.signal().topic(), null, key(batch),
                ConfluentFraming.encode(schemaId(batch.signal()), BATCH_INDEX, payload), headers));
    }

    public void flush() {
        producer.flush();
    }

    public static byte[] key(Batch b) {
        return (b.resource().tenant() + "/" + b.resource().deviceId()).getBytes(StandardCharsets.UTF_8);
    }

    static int latestId(String registryUrl, String subject) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(registryUrl + "/subjects/" + subject + "/versions/latest")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("registry answered " + r.statusCode() + " for " + subject + ": " + r.body());
            }
            return JSON.readTree(r.body()).path("id").asInt();
        } catch (IOException e) {
            throw new IllegalStateException("registry " + registryUrl + " unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
