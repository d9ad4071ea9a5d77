package io.edgeobs.ingest.dlq;

import io.edgeobs.ingest.decode.PoisonReason;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record for {@code edgeobs.dlq}: the source record, why, and the value to send: the source value, or for a
 * batch whose other records were stored, a framed batch of only the rejected records.
 *
 * @param rejectedRecords how many records the value holds that were not stored, or -1 when it is the whole source value
 */
public record DlqRecord(ConsumerRecord<byte[], byte[]> source, PoisonReason reason, String error, byte[] value,
                        int rejectedRecords) {

    public static DlqRecord whole(ConsumerRecord<byte[], byte[]> source, PoisonReason reason, String error) {
        return new DlqRecord(source, reason, error, source.value(), -1);
    }
}
