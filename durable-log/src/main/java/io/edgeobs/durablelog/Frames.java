package io.edgeobs.durablelog;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The on-disk framing of a record: {@code int length | int crc32c | long appendTimeMillis | payload}. The CRC covers
 * the time and the payload, so a torn or flipped byte anywhere in a record is detected.
 */
final class Frames {

    static final int HEADER = 16;
    /** Refuse to believe a length beyond this: it is corruption, not a record. */
    static final int MAX_PAYLOAD = 64 << 20;

    private Frames() {
    }

    static int size(byte[] payload) {
        return HEADER + payload.length;
    }

    static ByteBuffer encode(List<byte[]> payloads, long appendTimeMillis) {
        int total = 0;
        for (byte[] p : payloads) {
            total += size(p);
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        for (byte[] p : payloads) {
            buf.putInt(p.length);
            buf.putInt(crc(appendTimeMillis, p, 0, p.length));
            buf.putLong(appendTimeMillis);
            buf.put(p);
        }
        return buf.flip();
    }

    static int crc(long appendTimeMillis, byte[] payload, int off, int len) {
        CRC32C crc = new CRC32C();
        ByteBuffer time = ByteBuffer.allocate(8).putLong(appendTimeMillis).flip();
        crc.update(time);
        crc.update(payload, off, len);
        return (int) crc.getValue();
    }
}
