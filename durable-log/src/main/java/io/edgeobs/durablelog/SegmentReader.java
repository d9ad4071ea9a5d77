package io.edgeobs.durablelog;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The read path of a consumer: from its read offset, across segments, within the limits. Called under the log's lock. */
final class SegmentReader {

    private SegmentReader() {
    }

    static List<LogEntry> read(List<Segment> segments, Consumer c, int maxRecords, long maxBytes) throws IOException {
        List<LogEntry> out = new ArrayList<>();
        long bytes = 0;
        while (out.size() < maxRecords && (out.isEmpty() || bytes < maxBytes)) {
            Segment s = segmentFor(segments, c.readOffset);
            if (s == null) {
                break;
            }
            if (c.readOffset < s.baseOffset) {
                c.readOffset = s.baseOffset; // a gap left by a corrupt segment: skip it
            }
            long position = c.cursorSegmentBase == s.baseOffset ? c.cursorPosition : s.positionOf(c.readOffset);
            int before = out.size();
            long next = s.read(position, c.readOffset, maxRecords - before, out.isEmpty() ? maxBytes : maxBytes - bytes, out);
            for (int i = before; i < out.size(); i++) {
                bytes += out.get(i).payload().length;
            }
            c.readOffset += out.size() - before;
            c.cursorSegmentBase = s.baseOffset;
            c.cursorPosition = next;
            if (out.size() == before || !out.isEmpty() && c.readOffset < s.nextOffset()) {
                break;
            }
        }
        return out;
    }

    /** The segment holding {@code offset}, or the next one after a gap; null when there is nothing to read. */
    private static Segment segmentFor(List<Segment> segments, long offset) {
        for (Segment s : segments) {
            if (offset < s.nextOffset()) {
                return s;
            }
        }
        return null;
    }
}
