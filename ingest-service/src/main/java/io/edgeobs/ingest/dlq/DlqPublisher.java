package io.edgeobs.ingest.dlq;

import io.edgeobs.ingest.consume.RetryableException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends records that cannot be stored to the DLQ topic, with the source record's key and headers plus
 * {@code edgeobs.error}, {@code edgeobs.error.kind}, {@code edgeobs.source.topic}, {@code .partition},
 * {@code .offset} (ADR 0005), and waits until Kafka acknowledged all of them: the source offsets are committed only
 * after that, so nothing is lost between the two topics (a crash in between can send a record to the DLQ twice).
 */
public final class DlqPublisher {

    public static final String HEADER_ERROR = "edgeobs.error";
    public static final String HEADER_KIND = "edgeobs.error.kind";
    public static final String HEADER_TOPIC = "edgeobs.source.topic";
    public static final String HEADER_PARTITION = "edgeobs.source.partition";
    public static final String HEADER_OFFSET = "edgeobs.source.offset";
    public static final String HEADER_REJECTED = "edgeobs.rejected.records";
    /** Longest error text in a header; a full list of violations could be megabytes. */
    static final int MAX_ERROR_CHARS = 4096;

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final long timeoutMillis;

    public DlqPublisher(Producer<byte[], byte[]> producer, String topic, long timeoutMillis) {
        this.producer = producer;
        this.topic = topic;
        this.timeoutMillis = timeoutMillis;
    }

    public String topic() {
        return topic;
    }

    public void sendAll(List<DlqRecord> records) throws RetryableException {
        if (records.isEmpty()) {
            return;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        try {
            for (DlqRecord r : records) {
                acks.add(producer.send(new ProducerRecord<>(topic, null, r.source().key(), r.value(), headers(r))));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(timeoutMillis, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw new RetryableException("dlq", "could not send " + records.size() + " records to " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableException("dlq", "interrupted while sending to " + topic, e);
        }
    }

    static RecordHeaders headers(DlqRecord r) {
        RecordHeaders h = new RecordHeaders();
        for (Header original : r.source().headers()) {
            boolean replaced = original.key().startsWith("edgeobs.error") || original.key().startsWith("edgeobs.source.")
                    || (r.rejectedRecords() >= 0 && original.key().equals("edgeobs.batch.id"));
            if (!replaced) {
                h.add(original.key(), original.value());
            }
        }
        String error = r.error().length() > MAX_ERROR_CHARS ? r.error().substring(0, MAX_ERROR_CHARS) + " ..." : r.error();
        h.add(HEADER_ERROR, utf8(error));
        h.add(HEADER_KIND, utf8(r.reason().header()));
        h.add(HEADER_TOPIC, utf8(r.source().topic()));
        h.add(HEADER_PARTITION, utf8(Integer.toString(r.source().partition())));
        h.add(HEADER_OFFSET, utf8(Long.toString(r.source().offset())));
        if (r.rejectedRecords() >= 0) {
            h.add(HEADER_REJECTED, utf8(Integer.toString(r.rejectedRecords())));
        }
        return h;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
