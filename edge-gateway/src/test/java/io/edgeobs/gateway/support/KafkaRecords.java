package io.edgeobs.gateway.support;

import io.edgeobs.model.Batch;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ConfluentFraming;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.awaitility.Awaitility;

/** Reads what the gateway wrote to a topic, from the beginning, decoding each value as Kafka readers will. */
public final class KafkaRecords implements AutoCloseable {

    /** One record as read back. */
    public record Read(String topic, int partition, long offset, String key, ConfluentFraming.Frame frame, Batch batch,
                       Map<String, String> headers) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Read> seen = new ArrayList<>();

    public KafkaRecords(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000, ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 << 20),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    public static String bootstrapServers() {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** Everything read so far plus what arrives within a short poll. */
    public List<Read> poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            ConfluentFraming.Frame f = ConfluentFraming.decode(r.value());
            Batch b = BatchCodec.decode(f.buffer(), f.payloadOffset(), f.payloadLength());
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            for (Header h : r.headers()) {
                headers.put(h.key(), new String(h.value(), StandardCharsets.UTF_8));
            }
            seen.add(new Read(r.topic(), r.partition(), r.offset(), r.key(), f, b, headers));
        }
        return List.copyOf(seen);
    }

    /** Waits until the records read match, then returns those that satisfy {@code which}. */
    public List<Read> await(Predicate<Read> which, Predicate<List<Read>> enough, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> enough.test(poll().stream().filter(which).toList()));
        return poll().stream().filter(which).toList();
    }

    /** Records from one tenant's device, once at least {@code count} arrived. */
    public List<Read> awaitFrom(String tenant, int count, Duration atMost) {
        return await(r -> r.key().startsWith(tenant + "/"), l -> l.size() >= count, atMost);
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
