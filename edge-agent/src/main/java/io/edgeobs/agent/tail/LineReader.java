package io.edgeobs.agent.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one chunk of a file from an offset and splits it into lines: the only place file bytes are held, in one
 * buffer of {@code maxReadPerPoll} bytes that is reused for every read (so memory is bounded whatever the files
 * hold). Not thread-safe: one reader per tailing thread.
 *
 * <ul>
 *   <li>A line ends at {@code \n}; a {@code \r} before it is dropped. Lines of only spaces and tabs are skipped.</li>
 *   <li>A line longer than {@code maxLineSize} bytes is cut to that (at a UTF-8 character boundary) and marked
 *       truncated; the rest of it is skipped up to its newline, also across reads ({@link Chunk#skippingAfter}).
 *       The head is emitted as soon as it is complete, so an endless line never fills memory.</li>
 *   <li>Bytes after the last newline are a partial line: left for a later read (the chunk ends before them),
 *       unless {@code flushPartial} is set and the file ends there.</li>
 *   <li>Invalid UTF-8 becomes U+FFFD.</li>
 * </ul>
 */
final class LineReader {

    private final ByteBuffer buffer;
    private final int maxLineSize;

    LineReader(int maxReadPerPoll, int maxLineSize) {
        if (maxLineSize < 1 || maxReadPerPoll <= maxLineSize) {
            throw new IllegalArgumentException("the read size (" + maxReadPerPoll + ") must be larger than the line cap ("
                    + maxLineSize + "), so that every read completes at least one line");
        }
        this.buffer = ByteBuffer.allocate(maxReadPerPoll);
        this.maxLineSize = maxLineSize;
    }

    /**
     * A line and where the file is consumed up to once it is delivered.
     *
     * @param blanksBefore  blank lines skipped between the previous line (or the chunk start) and this one
     * @param endOffset     the file offset just after this line (and its newline)
     * @param skippingAfter whether the rest of this (truncated) line still has to be skipped after endOffset
     */
    record Line(String text, boolean truncated, int blanksBefore, long endOffset, boolean skippingAfter) {
    }

    /**
     * @param endOffset      everything before it is in {@code lines} or was skipped (blank lines, truncated rests)
     * @param trailingBlanks blank lines after the last line, up to endOffset
     * @param more           the read filled the buffer: the file has more to read now
     */
    record Chunk(List<Line> lines, long endOffset, boolean skippingAfter, int trailingBlanks, boolean more) {
    }

    Chunk read(FileChannel channel, long offset, boolean skipping, boolean flushPartial) throws IOException {
        buffer.clear();
        boolean eof = false;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, offset + buffer.position()) < 0) {
                eof = true;
                break;
            }
        }
        byte[] bytes = buffer.array();
        int length = buffer.position();
        List<Line> lines = new ArrayList<>();
        int blanks = 0;
        int start = 0;
        for (int nl = indexOfNewline(bytes, start, length); nl >= 0; nl = indexOfNewline(bytes, start, length)) {
            if (skipping) {
                skipping = false; // the newline that ends an over-long line
            } else if (isBlank(bytes, start, nl)) {
                blanks++;
            } else {
                lines.add(line(bytes, start, nl, blanks, offset + nl + 1, false));
                blanks = 0;
            }
            start = nl + 1;
        }
        int rest = length - start;
        long end = offset + start;
        if (rest > 0) {
            if (skipping) {
                end = offset + length; // still inside the over-long line
            } else if (rest > maxLineSize) {
                lines.add(line(bytes, start, length, blanks, offset + length, true));
                blanks = 0;
                skipping = true;
                end = offset + length;
            } else if (eof && flushPartial) {
                if (isBlank(bytes, start, length)) {
                    blanks++;
                } else {
                    lines.add(line(bytes, start, length, blanks, offset + length, false));
                    blanks = 0;
                }
                end = offset + length;
            }
        }
        return new Chunk(lines, end, skipping, blanks, !eof);
    }

    /** A line from {@code bytes[from, to)}, cut to the cap. {@code skippingAfter}: the cut line has no end yet. */
    private Line line(byte[] bytes, int from, int to, int blanksBefore, long endOffset, boolean skippingAfter) {
        int len = to - from;
        if (len > 0 && bytes[to - 1] == '\r' && len <= maxLineSize + 1) {
            len--;
        }
        boolean truncated = len > maxLineSize;
        if (truncated) {
            len = maxLineSize;
            while (len > 0 && (bytes[from + len] & 0xC0) == 0x80) {
                len--; // do not cut a multi-byte character in two
            }
        }
        return new Line(new String(bytes, from, len, StandardCharsets.UTF_8), truncated, blanksBefore, endOffset,
                skippingAfter);
    }

    private static int indexOfNewline(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
