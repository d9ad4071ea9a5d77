package io.edgeobs.gateway.it;

import io.edgeobs.model.Batch;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ConfluentFraming;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every batch of a topic, per device in Kafka order, with its batch id header. */
final class KafkaContents implements AutoCloseable {

    /** One batch as Kafka holds it. */
    record Delivered(long seq, String batchId, int points) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, List<Delivered>> byDevice = new LinkedHashMap<>();

    KafkaContents(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Reads what arrived since the last call. */
    Map<String, List<Delivered>> poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
            ConfluentFraming.Frame f = ConfluentFraming.decode(r.value());
            Batch b = BatchCodec.decode(f.buffer(), f.payloadOffset(), f.payloadLength());
            String id = new String(r.headers().lastHeader("edgeobs.batch.id").value(), StandardCharsets.UTF_8);
            byDevice.computeIfAbsent(b.resource().deviceId(), d -> new ArrayList<>())
                    .add(new Delivered(b.batchSeq(), id, b.size()));
        }
        Map<String, List<Delivered>> copy = new HashMap<>();
        byDevice.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return copy;
    }

    /** Whether every batch up to each device's acknowledged number is there. */
    boolean holdsAll(Map<String, Long> acknowledged) {
        Map<String, List<Delivered>> now = poll();
        return acknowledged.entrySet().stream().allMatch(e -> now.getOrDefault(e.getKey(), List.of()).stream()
                .mapToLong(Delivered::seq).distinct().filter(s -> s <= e.getValue()).count() == e.getValue());
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
