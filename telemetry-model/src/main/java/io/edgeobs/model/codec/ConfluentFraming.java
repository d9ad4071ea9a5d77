package io.edgeobs.model.codec;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The Confluent Schema Registry wire format for protobuf Kafka values:
 * <pre>
 *   byte 0        magic byte 0
 *   bytes 1-4     schema id, big-endian int32
 *   varints       message indexes: count, then each index (zig-zag varints); the common case [0] is one byte 0
 *   rest          the protobuf message
 * </pre>
 * The message indexes locate the message type inside the registered .proto file ([0] = its first message,
 * [2, 1] = the second nested type of the third message).
 */
public final class ConfluentFraming {

    public static final byte MAGIC_BYTE = 0;
    private static final int[] FIRST_MESSAGE = {0};

    private ConfluentFraming() {
    }

    /** A decoded frame. {@code payloadOffset}/{@code payloadLength} point into {@code buffer}, so no copy is made. */
    public record Frame(int schemaId, int[] messageIndexes, byte[] buffer, int payloadOffset, int payloadLength) {

        public byte[] payload() {
            return Arrays.copyOfRange(buffer, payloadOffset, payloadOffset + payloadLength);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Frame f && schemaId == f.schemaId && Arrays.equals(messageIndexes, f.messageIndexes)
                    && Arrays.equals(buffer, payloadOffset, payloadOffset + payloadLength,
                    f.buffer, f.payloadOffset, f.payloadOffset + f.payloadLength);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * schemaId + Arrays.hashCode(messageIndexes)) + payloadLength;
        }

        @Override
        public String toString() {
            return "Frame[schemaId=" + schemaId + ", messageIndexes=" + Arrays.toString(messageIndexes)
                    + ", payloadLength=" + payloadLength + "]";
        }
    }

    /** Frames a payload that is the first message type of its schema. */
    public static byte[] encode(int schemaId, byte[] payload) {
        return encode(schemaId, FIRST_MESSAGE, payload);
    }

    public static byte[] encode(int schemaId, int[] messageIndexes, byte[] payload) {
        if (schemaId < 0) {
            throw new IllegalArgumentException("schema id must not be negative, was " + schemaId);
        }
        if (messageIndexes.length == 0) {
            throw new IllegalArgumentException("message indexes must name at least one message");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 8);
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
        if (Arrays.equals(messageIndexes, FIRST_MESSAGE)) {
            out.write(0);
        } else {
            writeZigZag(out, messageIndexes.length);
            for (int index : messageIndexes) {
                if (index < 0) {
                    throw new IllegalArgumentException("message index must not be negative, was " + index);
                }
                writeZigZag(out, index);
            }
        }
        out.write(payload, 0, payload.length);
        return out.toByteArray();
    }

    public static Frame decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new FramingException("empty value: a Confluent-framed record starts with magic byte 0 and a "
                    + "4-byte schema id");
        }
        if (value[0] != MAGIC_BYTE) {
            throw new FramingException(String.format("unknown magic byte 0x%02x: expected 0x00 (Confluent wire "
                    + "format); was the record written by a serializer without a schema registry?", value[0] & 0xff));
        }
        if (value.length < 5) {
            throw new FramingException("truncated: " + value.length + " bytes, but the header needs 5 "
                    + "(magic byte and 4-byte schema id)");
        }
        int schemaId = ((value[1] & 0xff) << 24) | ((value[2] & 0xff) << 16) | ((value[3] & 0xff) << 8) | (value[4] & 0xff);
        int[] pos = {5};
        int count = readZigZag(value, pos, "message index count");
        int[] indexes;
        if (count == 0) {
            indexes = FIRST_MESSAGE.clone();
        } else {
            if (count < 0 || count > 64) {
                throw new FramingException("implausible message index count " + count + " (schema id " + schemaId + ")");
            }
            indexes = new int[count];
            for (int i = 0; i < count; i++) {
                indexes[i] = readZigZag(value, pos, "message index " + i);
                if (indexes[i] < 0) {
                    throw new FramingException("negative message index " + indexes[i] + " (schema id " + schemaId + ")");
                }
            }
        }
        return new Frame(schemaId, indexes, value, pos[0], value.length - pos[0]);
    }

    private static void writeZigZag(ByteArrayOutputStream out, int value) {
        int v = (value << 1) ^ (value >> 31);
        while ((v & ~0x7f) != 0) {
            out.write((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static int readZigZag(byte[] buf, int[] pos, String what) {
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (pos[0] >= buf.length) {
                throw new FramingException("truncated: input ends inside the " + what + " varint at byte " + pos[0]);
            }
            byte b = buf[pos[0]++];
            result |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return (result >>> 1) ^ -(result & 1);
            }
        }
        throw new FramingException("malformed " + what + " varint: more than 5 bytes at byte " + pos[0]);
    }
}
