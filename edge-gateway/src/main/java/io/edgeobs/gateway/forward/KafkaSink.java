package io.edgeobs.gateway.forward;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * One Kafka producer (idempotent, {@code acks=all}, at most 5 requests in flight, so records of one key stay in
 * order) and the records of one forwarding round. A round succeeds only when Kafka acknowledged every record in it.
 */
final class KafkaSink implements AutoCloseable {

    static final String BATCH_ID = "edgeobs.batch.id";
    static final String DEDUP = "edgeobs.dedup";

    /** One Kafka record: a framed batch with its key and headers. */
    record Output(String topic, String key, byte[] value, String batchId, boolean bySeq, int records) {
    }

    /** Kafka did not take a round; the cause says why. */
    static final class SendFailed extends Exception {
        SendFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final KafkaProducer<String, byte[]> producer;

    KafkaSink(Map<String, Object> settings) {
        Map<String, Object> p = new java.util.HashMap<>(settings);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends every record and waits until Kafka acknowledged all of them. */
    void sendAll(List<Output> outputs) throws SendFailed {
        List<Future<RecordMetadata>> pending = new ArrayList<>(outputs.size());
        try {
            for (Output o : outputs) {
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(o.topic(), null, o.key(), o.value(), List.of(
                        new RecordHeader(BATCH_ID, o.batchId().getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader(DEDUP, (o.bySeq() ? "seq" : "content").getBytes(StandardCharsets.UTF_8))));
                pending.add(producer.send(r));
            }
            producer.flush();
            for (Future<RecordMetadata> f : pending) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw new SendFailed("Kafka refused or timed out a record: " + e.getCause(), e.getCause());
        } catch (RuntimeException e) {
            throw new SendFailed("the producer failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendFailed("interrupted while waiting for Kafka", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ZERO);
    }
}
