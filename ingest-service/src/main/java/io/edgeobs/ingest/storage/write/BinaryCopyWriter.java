package io.edgeobs.ingest.storage.write;

import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;

/**
 * Writes rows in PostgreSQL's binary {@code COPY} format straight into a {@link CopyIn}, through a buffer that is
 * flushed whenever it holds {@link #FLUSH_BYTES}. One writer per {@code COPY} statement: {@link #finish()} writes
 * the trailer and ends the copy, returning the rows the server counted.
 *
 * <p>Format: signature {@code PGCOPY\n\377\r\n\0}, int32 flags, int32 header extension length; each row an int16
 * field count, then per field an int32 length (-1 for NULL) and the value in the type's binary send format; an
 * int16 -1 trailer.
 */
public final class BinaryCopyWriter {

    /** 256 KiB: large enough that the per-call overhead of CopyIn is negligible, small enough to stay in cache. */
    static final int FLUSH_BYTES = 256 * 1024;
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private final CopyIn copy;
    private byte[] buf = new byte[FLUSH_BYTES + 1024];
    private int pos;

    public BinaryCopyWriter(CopyIn copy) throws SQLException {
        this.copy = copy;
        System.arraycopy(SIGNATURE, 0, buf, 0, SIGNATURE.length);
        pos = SIGNATURE.length;
        putInt(0);
        putInt(0);
    }

    public void startRow(int fields) throws SQLException {
        if (pos >= FLUSH_BYTES) {
            flush();
        }
        ensure(2);
        buf[pos++] = (byte) (fields >>> 8);
        buf[pos++] = (byte) fields;
    }

    public void int8(long v) {
        ensure(12);
        putInt(8);
        putLong(v);
    }

    public void int2(int v) {
        ensure(6);
        putInt(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    public void float8(double v) {
        int8(Double.doubleToRawLongBits(v));
    }

    /** A {@code timestamptz} from unix nanoseconds (PostgreSQL keeps microseconds; the rest is cut off). */
    public void timestamptz(long unixNanos) {
        int8(Math.floorDiv(unixNanos, 1000L) - PG_EPOCH_MICROS);
    }

    public void text(String s) {
        bytes(TextSanitizer.utf8(s));
    }

    /** A {@code jsonb} value: version byte 1, then the JSON text. */
    public void jsonb(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ensure(5 + b.length);
        putInt(b.length + 1);
        buf[pos++] = 1;
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /** A {@code bytea} value, or NULL when {@code b} is null or empty. */
    public void byteaOrNull(byte[] b) {
        if (b == null || b.length == 0) {
            nul();
        } else {
            bytes(b);
        }
    }

    public void bytea(byte[] b) {
        bytes(b);
    }

    public void nul() {
        ensure(4);
        putInt(-1);
    }

    /** Writes the trailer and ends the copy; returns the number of rows the server stored. */
    public long finish() throws SQLException {
        ensure(2);
        buf[pos++] = (byte) 0xff;
        buf[pos++] = (byte) 0xff;
        flush();
        return copy.endCopy();
    }

    /** Abandons the copy (the transaction fails anyway). */
    public void cancel() {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the connection is failing; the caller reports the original error
        }
    }

    private void bytes(byte[] b) {
        ensure(4 + b.length);
        putInt(b.length);
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    private void flush() throws SQLException {
        if (pos > 0) {
            copy.writeToCopy(buf, 0, pos);
            pos = 0;
        }
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, pos + more)];
            System.arraycopy(buf, 0, bigger, 0, pos);
            buf = bigger;
        }
    }

    private void putInt(int v) {
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
