package io.edgeobs.gateway.store;

import io.edgeobs.model.Batch;
import io.edgeobs.model.codec.BatchCodec;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The bytes of an {@link Entry} in a gateway log:
 * <pre>
 *   u8  type          1 = batch, 2 = tick
 *   batch: u8 flags (bit 0: dedup by seq), i64 received_at ns, i64 batch_seq, i32 records,
 *          4 x (u16 length, UTF-8): tenant, fleet, device_id, device_type,
 *          32 bytes content id (SHA-256 of the batch), then the encoded batch to the end
 *   tick:  i64 clock ns
 * </pre>
 * The log frames and checksums each entry, so this format only has to be unambiguous.
 */
public final class EntryCodec {

    static final byte BATCH = 1;
    static final byte TICK = 2;
    private static final int CONTENT_ID_BYTES = 32;

    private EntryCodec() {
    }

    /** The entry of a batch whose tenant, fleet and envelope are set. */
    public static Entry.BatchEntry of(Batch batch, boolean dedupBySeq) {
        return of(batch, BatchCodec.encode(batch), dedupBySeq);
    }

    /** The same, with the batch's deterministic encoding already at hand. */
    public static Entry.BatchEntry of(Batch batch, byte[] encoded, boolean dedupBySeq) {
        try {
            byte[] id = MessageDigest.getInstance("SHA-256").digest(encoded);
            return new Entry.BatchEntry(batch.envelope().receivedAtUnixNanos(), dedupBySeq, batch.batchSeq(),
                    batch.size(), batch.resource().tenant(), batch.resource().fleet(), batch.resource().deviceId(),
                    batch.resource().deviceType(), id, encoded);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static byte[] encode(Entry entry) {
        if (entry instanceof Entry.Tick t) {
            return ByteBuffer.allocate(9).put(TICK).putLong(t.clockNanos()).array();
        }
        Entry.BatchEntry b = (Entry.BatchEntry) entry;
        if (b.contentId().length != CONTENT_ID_BYTES) {
            throw new IllegalArgumentException("a content id is 32 bytes, was " + b.contentId().length);
        }
        byte[][] strings = {utf8(b.tenant()), utf8(b.fleet()), utf8(b.deviceId()), utf8(b.deviceType())};
        int size = 1 + 1 + 8 + 8 + 4 + CONTENT_ID_BYTES + b.batch().length;
        for (byte[] s : strings) {
            size += 2 + s.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put(BATCH).put((byte) (b.dedupBySeq() ? 1 : 0))
                .putLong(b.receivedAtNanos()).putLong(b.batchSeq()).putInt(b.records());
        for (byte[] s : strings) {
            out.putShort((short) s.length).put(s);
        }
        return out.put(b.contentId()).put(b.batch()).array();
    }

    public static Entry decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte type = in.get();
            if (type == TICK) {
                return new Entry.Tick(in.getLong());
            }
            if (type != BATCH) {
                throw new IllegalArgumentException("unknown gateway log entry type " + type);
            }
            boolean bySeq = (in.get() & 1) != 0;
            long receivedAt = in.getLong();
            long seq = in.getLong();
            int records = in.getInt();
            String tenant = string(in);
            String fleet = string(in);
            String device = string(in);
            String deviceType = string(in);
            byte[] contentId = new byte[CONTENT_ID_BYTES];
            in.get(contentId);
            byte[] batch = new byte[in.remaining()];
            in.get(batch);
            return new Entry.BatchEntry(receivedAt, bySeq, seq, records, tenant, fleet, device, deviceType, contentId, batch);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated gateway log entry of " + bytes.length + " bytes", e);
        }
    }

    private static byte[] utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("a header string of " + b.length + " bytes is too long");
        }
        return b;
    }

    private static String string(ByteBuffer in) {
        int length = in.getShort() & 0xffff;
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
