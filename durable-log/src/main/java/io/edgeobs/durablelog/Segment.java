package io.edgeobs.durablelog;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One segment file: records {@code [baseOffset, baseOffset + count)}, appended at its end. Only the newest segment of
 * a log is written; the others are sealed.
 */
final class Segment {

    private static final Logger LOG = Logger.getLogger(Segment.class);

    final long baseOffset;
    final Path path;
    final FileChannel channel;
    final long createdMillis;
    long size;
    int count;
    long lastAppendMillis;

    private Segment(long baseOffset, Path path, FileChannel channel, long createdMillis) {
        this.baseOffset = baseOffset;
        this.path = path;
        this.channel = channel;
        this.createdMillis = createdMillis;
    }

    static String fileName(long baseOffset) {
        return String.format("%020d.seg", baseOffset);
    }

    static Segment create(Path dir, long baseOffset, long nowMillis) throws IOException {
        Path path = dir.resolve(fileName(baseOffset));
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        Segment s = new Segment(baseOffset, path, ch, nowMillis);
        s.lastAppendMillis = nowMillis;
        return s;
    }

    /** What recovery found in one segment. */
    record Scan(Segment segment, long cutBytes, boolean corrupt) {
    }

    /**
     * Opens an existing segment and checks every frame. The newest segment is cut back to its last intact record (a
     * torn write); an older one with a bad frame is read only up to it and reported as corrupt.
     */
    static Scan recover(Path path, long baseOffset, boolean newest, long nowMillis) throws IOException {
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        Segment s = new Segment(baseOffset, path, ch, nowMillis);
        long fileSize = ch.size();
        long pos = 0;
        ByteBuffer header = ByteBuffer.allocate(Frames.HEADER);
        while (pos + Frames.HEADER <= fileSize) {
            header.clear();
            readFully(ch, header, pos);
            header.flip();
            int len = header.getInt();
            int crc = header.getInt();
            long time = header.getLong();
            if (len < 0 || len > Frames.MAX_PAYLOAD || pos + Frames.HEADER + len > fileSize) {
                break;
            }
            byte[] payload = new byte[len];
            readFully(ch, ByteBuffer.wrap(payload), pos + Frames.HEADER);
            if (Frames.crc(time, payload, 0, len) != crc) {
                break;
            }
            pos += Frames.HEADER + len;
            s.count++;
            s.lastAppendMillis = time;
        }
        s.size = pos;
        long cut = fileSize - pos;
        if (cut > 0) {
            if (newest) {
                ch.truncate(pos);
                ch.force(true);
                LOG.warnf("recovered %s: cut a torn or corrupt tail of %d bytes after %d intact records", path, cut, s.count);
            } else {
                LOG.errorf("segment %s is corrupt after %d intact records: %d bytes cannot be read and are skipped; "
                        + "the other segments are not affected", path, s.count, cut);
            }
        }
        if (s.count == 0) {
            s.lastAppendMillis = nowMillis;
        }
        return new Scan(s, cut, cut > 0 && !newest);
    }

    void append(ByteBuffer frames, int records, long appendMillis) throws IOException {
        long before = size;
        try {
            while (frames.hasRemaining()) {
                size += channel.write(frames, size);
            }
        } catch (IOException e) {
            size = before;
            channel.truncate(before);
            throw e;
        }
        count += records;
        lastAppendMillis = appendMillis;
    }

    long nextOffset() {
        return baseOffset + count;
    }

    /**
     * Reads whole frames from a file position until a limit; returns the entries and where the next one starts.
     * Reads the file in chunks of up to 256 KiB, so replay costs one system call per chunk, not two per record.
     */
    long read(long position, long firstOffset, int maxRecords, long maxBytes, List<LogEntry> out) throws IOException {
        long pos = position;
        long offset = firstOffset;
        long bytes = 0;
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(256 * 1024, Math.max(Frames.HEADER, size - position)));
        chunk.limit(0);
        long chunkStart = pos;
        while (pos < size && out.size() < maxRecords) {
            int at = (int) (pos - chunkStart);
            if (at + Frames.HEADER > chunk.limit()) {
                chunkStart = pos;
                at = 0;
                fill(chunk, pos);
            }
            int len = chunk.getInt(at);
            long time = chunk.getLong(at + 8);
            if (bytes > 0 && bytes + len > maxBytes) {
                break;
            }
            byte[] payload = new byte[len];
            if (at + Frames.HEADER + len <= chunk.limit()) {
                chunk.get(at + Frames.HEADER, payload);
            } else {
                readFully(channel, ByteBuffer.wrap(payload), pos + Frames.HEADER);
            }
            out.add(new LogEntry(offset++, time, payload));
            bytes += len;
            pos += Frames.HEADER + len;
        }
        return pos;
    }

    private void fill(ByteBuffer chunk, long position) throws IOException {
        chunk.clear();
        chunk.limit((int) Math.min(chunk.capacity(), size - position));
        readFully(channel, chunk, position);
        chunk.flip();
    }

    /** The file position of an offset inside this segment, by walking the frames from the start. */
    long positionOf(long offset) throws IOException {
        long pos = 0;
        ByteBuffer len = ByteBuffer.allocate(4);
        for (long o = baseOffset; o < offset && pos < size; o++) {
            len.clear();
            readFully(channel, len, pos);
            pos += Frames.HEADER + len.flip().getInt();
        }
        return pos;
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new IOException("unexpected end of segment at " + p);
            }
            p += n;
        }
    }

    static List<Segment> sorted(List<Segment> segments) {
        List<Segment> copy = new ArrayList<>(segments);
        copy.sort((a, b) -> Long.compare(a.baseOffset, b.baseOffset));
        return copy;
    }
}
