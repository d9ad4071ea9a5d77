package io.edgeobs.ingest.decode;

import io.edgeobs.ingest.consume.RetryableException;
import io.edgeobs.ingest.storage.Retention;
import io.edgeobs.model.Batch;
import io.edgeobs.model.TelemetryRecord;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ConfluentFraming;
import io.edgeobs.model.codec.DecodeException;
import io.edgeobs.model.codec.FramingException;
import io.edgeobs.model.validation.BatchValidation;
import io.edgeobs.model.validation.Validator;
import io.edgeobs.model.validation.Violation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns a Kafka record into an {@link IncomingBatch} as ADR 0005 defines it: unframe (Confluent framing, message
 * index of {@code Batch}), resolve the schema id, decode, derive the ledger key from {@code edgeobs.dedup} and
 * {@code edgeobs.batch.id}, validate, and set aside records older than the signal's retention. A record that can
 * never be stored is a {@link PoisonException}; invalid records inside a valid batch are carried along as rejected.
 */
public final class RecordDecoder {

    public static final String HEADER_BATCH_ID = "edgeobs.batch.id";
    public static final String HEADER_DEDUP = "edgeobs.dedup";
    static final int BATCH_MESSAGE_INDEX = io.edgeobs.model.proto.Batch.getDescriptor().getIndex();

    private final SchemaResolver schemas;
    private final Validator validator;
    private final Retention retention;
    private final Clock clock;

    public RecordDecoder(SchemaResolver schemas, Validator validator, Retention retention, Clock clock) {
        this.schemas = schemas;
        this.validator = validator;
        this.retention = retention;
        this.clock = clock;
    }

    public IncomingBatch decode(ConsumerRecord<byte[], byte[]> record) throws PoisonException, RetryableException {
        ConfluentFraming.Frame frame;
        try {
            frame = ConfluentFraming.decode(record.value());
        } catch (FramingException e) {
            throw new PoisonException(PoisonReason.FRAMING, e.getMessage());
        }
        if (frame.messageIndexes().length != 1 || frame.messageIndexes()[0] != BATCH_MESSAGE_INDEX) {
            throw new PoisonException(PoisonReason.FRAMING, "message indexes " + java.util.Arrays.toString(frame.messageIndexes())
                    + " do not name edgeobs.v1.Batch ([" + BATCH_MESSAGE_INDEX + "])");
        }
        schemas.check(frame.schemaId());
        Batch batch;
        try {
            batch = BatchCodec.decode(frame.buffer(), frame.payloadOffset(), frame.payloadLength());
        } catch (DecodeException e) {
            throw new PoisonException(PoisonReason.DECODE, e.getMessage());
        }
        if (batch.resource().tenant().isEmpty()) {
            throw new PoisonException(PoisonReason.INVALID, "resource.tenant is empty; the gateway sets it from the device token");
        }
        LedgerKey key = ledgerKey(record, frame, batch);
        BatchValidation validation = validator.validate(batch);
        if (validation.isRejectedWhole()) {
            throw new PoisonException(PoisonReason.INVALID, describe(validation.violations()));
        }
        List<TelemetryRecord> rejected = rejected(batch.records(), validation.accepted().records());
        long cutoff = cutoffNanos(batch);
        List<TelemetryRecord> kept = new ArrayList<>(validation.accepted().size());
        for (TelemetryRecord r : validation.accepted().records()) {
            if (r.timeUnixNanos() >= cutoff) {
                kept.add(r);
            }
        }
        int expired = validation.accepted().size() - kept.size();
        Batch stored = expired == 0 ? validation.accepted() : validation.accepted().withRecords(kept);
        return new IncomingBatch(stored, key, new SourcePosition(record.topic(), record.partition(), record.offset()),
                frame.schemaId(), rejected, validation.violations(), expired);
    }

    /** The reason for the DLQ of the rejected records: future timestamps get their own. */
    public static PoisonReason reasonOf(List<Violation> violations) {
        return !violations.isEmpty() && violations.stream().allMatch(v -> v.message().contains("in the future"))
                ? PoisonReason.FUTURE_TIMESTAMP : PoisonReason.INVALID;
    }

    public static String describe(List<Violation> violations) {
        int shown = Math.min(5, violations.size());
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : "; ").append(violations.get(i));
        }
        if (violations.size() > shown) {
            sb.append("; and ").append(violations.size() - shown).append(" more");
        }
        return sb.toString();
    }

    private LedgerKey ledgerKey(ConsumerRecord<byte[], byte[]> record, ConfluentFraming.Frame frame, Batch batch)
            throws PoisonException {
        String dedup = header(record, HEADER_DEDUP);
        String batchId = header(record, HEADER_BATCH_ID);
        String tenant = batch.resource().tenant();
        String device = batch.resource().deviceId();
        if (dedup != null && !dedup.equals("seq") && !dedup.equals("content")) {
            throw new PoisonException(PoisonReason.INVALID, "header " + HEADER_DEDUP + " is '" + dedup
                    + "', expected seq or content");
        }
        String contentId = null;
        if (batchId != null) {
            contentId = sha256Hex(frame.buffer(), frame.payloadOffset(), frame.payloadLength());
            if (!contentId.equals(batchId)) {
                throw new PoisonException(PoisonReason.INVALID, "header " + HEADER_BATCH_ID + " is " + batchId
                        + " but the payload's SHA-256 is " + contentId);
            }
        }
        if (!"content".equals(dedup) && batch.batchSeq() > 0) {
            return LedgerKey.bySeq(tenant, device, batch.signal(), batch.batchSeq());
        }
        // gateway-made batches, and device batches without a sequence number (batch_seq 0): by content
        if (contentId == null) {
            contentId = sha256Hex(frame.buffer(), frame.payloadOffset(), frame.payloadLength());
        }
        return LedgerKey.byContent(tenant, device, batch.signal(), contentId);
    }

    private long cutoffNanos(Batch batch) {
        java.time.Instant cutoff = clock.instant().minus(retention.of(batch.signal()));
        return cutoff.getEpochSecond() * 1_000_000_000L + cutoff.getNano();
    }

    /** The records of {@code all} that are not in {@code accepted} (a sublist in the same order, same instances). */
    private static List<TelemetryRecord> rejected(List<? extends TelemetryRecord> all, List<? extends TelemetryRecord> accepted) {
        if (all.size() == accepted.size()) {
            return List.of();
        }
        List<TelemetryRecord> out = new ArrayList<>(all.size() - accepted.size());
        int j = 0;
        for (TelemetryRecord r : all) {
            if (j < accepted.size() && accepted.get(j) == r) {
                j++;
            } else {
                out.add(r);
            }
        }
        return out;
    }

    static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static String sha256Hex(byte[] buf, int offset, int length) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(buf, offset, length);
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
