package io.edgeobs.durablelog;

/**
 * One segment of a log as it is now.
 *
 * @param baseOffset       its first record's offset (the file is named by it)
 * @param nextOffset       one past its last record
 * @param acknowledged     every consumer acknowledged all of it: it is kept only for local reading
 */
public record SegmentInfo(long baseOffset, long nextOffset, long sizeBytes, long createdMillis, long lastAppendMillis,
                          boolean acknowledged) {

    public boolean contains(long offset) {
        return offset >= baseOffset && offset < nextOffset;
    }
}
