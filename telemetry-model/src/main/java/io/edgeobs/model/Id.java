package io.edgeobs.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An immutable identifier made of raw bytes: a 16-byte trace id or an 8-byte span id.
 *
 * <p>The length is not checked here, so that a record decoded from the wire with an id of the wrong
 * length can still be represented and reported by validation with a precise message.
 */
public final class Id {

    public static final int TRACE_ID_LENGTH = 16;
    public static final int SPAN_ID_LENGTH = 8;
    public static final Id EMPTY = new Id(new byte[0]);

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Id(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Copies {@code bytes}; {@code null} or empty gives {@link #EMPTY}. */
    public static Id of(byte[] bytes) {
        return bytes == null || bytes.length == 0 ? EMPTY : new Id(bytes.clone());
    }

    /** Takes ownership of {@code bytes} without copying; the caller must not change them afterwards. */
    public static Id wrap(byte[] bytes) {
        return bytes == null || bytes.length == 0 ? EMPTY : new Id(bytes);
    }

    /** Parses lower- or upper-case hex; {@code null} or empty gives {@link #EMPTY}. */
    public static Id fromHex(String hex) {
        if (hex == null || hex.isEmpty()) {
            return EMPTY;
        }
        if (hex.length() % 2 != 0) {
            throw new IllegalArgumentException("id '" + hex + "' has an odd number of hex digits");
        }
        try {
            return new Id(HEX.parseHex(hex));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("id '" + hex + "' is not hexadecimal", e);
        }
    }

    public static Id traceId(long high, long low) {
        byte[] b = new byte[TRACE_ID_LENGTH];
        putLong(b, 0, high);
        putLong(b, 8, low);
        return new Id(b);
    }

    public static Id spanId(long value) {
        byte[] b = new byte[SPAN_ID_LENGTH];
        putLong(b, 0, value);
        return new Id(b);
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    public int length() {
        return bytes.length;
    }

    public boolean isEmpty() {
        return bytes.length == 0;
    }

    /** True when every byte is zero (an invalid id in OTLP and W3C trace context). */
    public boolean isAllZero() {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** The bytes as a protobuf {@link ByteString}, without a copy (both are immutable). */
    public ByteString toByteString() {
        return bytes.length == 0 ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(bytes);
    }

    public static Id of(ByteString bytes) {
        return bytes == null || bytes.isEmpty() ? EMPTY : new Id(bytes.toByteArray());
    }

    public String toHex() {
        return HEX.formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Id other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return toHex();
    }
}
