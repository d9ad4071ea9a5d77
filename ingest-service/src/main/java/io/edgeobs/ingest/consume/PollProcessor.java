package io.edgeobs.ingest.consume;

import io.edgeobs.ingest.decode.IncomingBatch;
import io.edgeobs.ingest.decode.LedgerKey;
import io.edgeobs.ingest.decode.PoisonException;
import io.edgeobs.ingest.decode.PoisonReason;
import io.edgeobs.ingest.decode.RecordDecoder;
import io.edgeobs.ingest.dlq.DlqPublisher;
import io.edgeobs.ingest.dlq.DlqRecord;
import io.edgeobs.ingest.metrics.IngestMetrics;
import io.edgeobs.ingest.sink.ExternalSink;
import io.edgeobs.ingest.storage.SqlFailures;
import io.edgeobs.ingest.storage.write.BatchWriter;
import io.edgeobs.ingest.storage.write.Ledger;
import io.edgeobs.model.Signal;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ConfluentFraming;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Stores the records of one poll, in this order, so that committing the poll's offsets afterwards loses nothing:
 * <ol>
 *   <li>decode every record; those that can never be stored become DLQ records;</li>
 *   <li>ask the ledger which sinks already hold each batch (a redelivered batch is skipped where it is stored);</li>
 *   <li>send the DLQ records (the poison ones, and the rejected records of batches stored for the first time) and
 *       wait for Kafka's acknowledgement;</li>
 *   <li>store the batches in each external sink, recording each sink's confirmation in the ledger;</li>
 *   <li>write the PostgreSQL part in one transaction ({@link BatchWriter}); if the database refuses it for a reason
 *       that retrying cannot fix, write batch by batch and send the one it refuses to the DLQ.</li>
 * </ol>
 * Anything unavailable throws {@link RetryableException}: the caller retries the same records later.
 */
public final class PollProcessor {

    private static final Logger LOG = Logger.getLogger(PollProcessor.class);

    private final DataSource dataSource;
    private final RecordDecoder decoder;
    private final DlqPublisher dlq;
    private final BatchWriter writer;
    private final List<ExternalSink> sinks;
    private final Set<Signal> postgresSignals;
    private final IngestMetrics metrics;

    public PollProcessor(DataSource dataSource, RecordDecoder decoder, DlqPublisher dlq, BatchWriter writer,
                         List<ExternalSink> sinks, Set<Signal> postgresSignals, IngestMetrics metrics) {
        this.dataSource = dataSource;
        this.decoder = decoder;
        this.dlq = dlq;
        this.writer = writer;
        this.sinks = List.copyOf(sinks);
        this.postgresSignals = Set.copyOf(postgresSignals);
        this.metrics = metrics;
    }

    public void process(List<ConsumerRecord<byte[], byte[]>> records) throws RetryableException {
        long started = System.nanoTime();
        List<DlqRecord> toDlq = new ArrayList<>();
        Map<LedgerKey, IncomingBatch> unique = new LinkedHashMap<>();
        Map<LedgerKey, ConsumerRecord<byte[], byte[]>> sources = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                IncomingBatch b = decoder.decode(r);
                if (unique.putIfAbsent(b.key(), b) == null) {
                    sources.put(b.key(), r);
                } else {
                    metrics.batch(b.batch().signal(), false);
                }
            } catch (PoisonException e) {
                LOG.debugf("record %s/%d@%d goes to the DLQ (%s): %s", r.topic(), r.partition(), r.offset(),
                        e.reason().header(), e.getMessage());
                toDlq.add(DlqRecord.whole(r, e.reason(), e.getMessage()));
            }
        }
        try (Connection c = dataSource.getConnection()) {
            Map<LedgerKey, Set<String>> done = Ledger.existing(c, unique.keySet());
            List<IncomingBatch> forPostgres = new ArrayList<>();
            for (IncomingBatch b : unique.values()) {
                Set<String> stored = done.getOrDefault(b.key(), Set.of());
                if (!stored.contains(Ledger.SINK_POSTGRESQL)) {
                    forPostgres.add(b);
                    if (!b.rejected().isEmpty()) {
                        toDlq.add(rejectedPart(b, sources.get(b.key())));
                    }
                } else if (sinks.stream().noneMatch(s -> needs(s, b, stored))) {
                    metrics.batch(b.batch().signal(), false);
                }
            }
            sendToDlq(toDlq);
            for (ExternalSink sink : sinks) {
                List<IncomingBatch> mine = unique.values().stream()
                        .filter(b -> needs(sink, b, done.getOrDefault(b.key(), Set.of()))).toList();
                store(c, sink, mine);
            }
            writeToPostgres(c, forPostgres, sources);
        } catch (SQLException e) {
            throw new RetryableException("database", "the database is unavailable: " + e.getMessage(), e);
        }
        metrics.poll(Duration.ofNanos(System.nanoTime() - started));
    }

    /** Counts a retry of a poll because {@code dependency} was unavailable. */
    public void retried(String dependency) {
        metrics.retry(dependency);
    }

    private static boolean needs(ExternalSink sink, IncomingBatch b, Set<String> stored) {
        return sink.signal() == b.batch().signal() && !stored.contains(sink.name());
    }

    private void store(Connection c, ExternalSink sink, List<IncomingBatch> batches) throws RetryableException, SQLException {
        if (batches.isEmpty()) {
            return;
        }
        long refused = sink.store(batches);
        Ledger.claim(c, batches, sink.name());
        long records = batches.stream().mapToLong(b -> b.batch().size()).sum();
        metrics.records(sink.signal(), sink.name(), records - refused);
        metrics.dropped(sink.signal(), "sink_refused", refused);
    }

    private void writeToPostgres(Connection c, List<IncomingBatch> batches,
                                 Map<LedgerKey, ConsumerRecord<byte[], byte[]>> sources) throws RetryableException {
        if (batches.isEmpty()) {
            return;
        }
        BatchWriter.Result result;
        try {
            result = writer.write(c, batches);
        } catch (SQLException | RuntimeException e) {
            if (SqlFailures.isTransient(e)) {
                throw new RetryableException("database", "writing " + batches.size() + " batches failed: " + e.getMessage(), e);
            }
            if (batches.size() > 1) {
                LOG.warnf("the database refused a poll of %d batches (%s); writing them one by one", batches.size(),
                        e.getMessage());
                for (IncomingBatch b : batches) {
                    writeToPostgres(c, List.of(b), sources);
                }
                return;
            }
            IncomingBatch b = batches.get(0);
            LOG.errorf("the database refused batch %s from %s; it goes to the DLQ: %s", b.key(), b.source(), e.getMessage());
            sendToDlq(List.of(DlqRecord.whole(sources.get(b.key()), PoisonReason.STORAGE_REFUSED,
                    "the database refused the batch: " + e.getMessage())));
            return;
        }
        for (IncomingBatch b : batches) {
            Signal s = b.batch().signal();
            boolean stored = result.stored().contains(b.key());
            metrics.batch(s, stored);
            if (stored) {
                metrics.dropped(s, "expired", b.expired());
                if (!b.rejected().isEmpty()) {
                    metrics.dropped(s, RecordDecoder.reasonOf(b.violations()).header(), b.rejected().size());
                }
            }
        }
        for (Signal s : Signal.values()) {
            if (postgresSignals.contains(s)) {
                metrics.records(s, Ledger.SINK_POSTGRESQL, result.rows(s));
            }
        }
    }

    private void sendToDlq(List<DlqRecord> records) throws RetryableException {
        dlq.sendAll(records);
        records.forEach(r -> metrics.dlq(r.reason()));
    }

    /** The rejected records of a batch, framed like the source value, for the DLQ. */
    private static DlqRecord rejectedPart(IncomingBatch b, ConsumerRecord<byte[], byte[]> source) {
        byte[] payload = BatchCodec.encode(b.batch().withRecords(b.rejected()));
        byte[] value = ConfluentFraming.encode(b.schemaId(), new int[] {io.edgeobs.model.proto.Batch.getDescriptor().getIndex()},
                payload);
        return new DlqRecord(source, RecordDecoder.reasonOf(b.violations()),
                b.rejected().size() + " of " + (b.rejected().size() + b.batch().size() + b.expired())
                        + " records are invalid: " + RecordDecoder.describe(b.violations()), value, b.rejected().size());
    }
}
