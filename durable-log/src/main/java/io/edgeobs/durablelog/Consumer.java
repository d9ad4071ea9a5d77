package io.edgeobs.durablelog;

import java.util.List;

/**
 * A named reader of a log with its own read position and acknowledged position. After a restart it reads again from
 * the acknowledged position, so everything not acknowledged is delivered again (at least once).
 */
public final class Consumer {

    private final DurableLog log;
    final String name;
    long readOffset;
    volatile long ackedOffset;
    /** The acknowledged offset last written to the checkpoint file (guarded by this consumer's monitor). */
    long persistedOffset;
    // read cursor: where readOffset starts in its segment, so sequential polls do not rescan
    long cursorSegmentBase = -1;
    long cursorPosition;

    Consumer(DurableLog log, String name, long ackedOffset) {
        this.log = log;
        this.name = name;
        this.ackedOffset = ackedOffset;
        this.readOffset = ackedOffset;
        this.persistedOffset = ackedOffset;
    }

    /** The next records after those already read, up to the limits (at least one record if any is there). */
    public List<LogEntry> poll(int maxRecords, long maxBytes) {
        return log.poll(this, maxRecords, maxBytes);
    }

    /** Acknowledges every record up to and including {@code offset}: it may now be deleted. Durable on return. */
    public void ack(long offset) {
        log.ack(this, offset + 1);
    }

    /** Reads again from the acknowledged position (after a failed export). */
    public void rewind() {
        log.rewind(this);
    }

    public String name() {
        return name;
    }

    /** The first offset not yet acknowledged. */
    public long ackedOffset() {
        return ackedOffset;
    }

    /** Records appended but not yet acknowledged by this consumer. */
    public long lag() {
        return log.nextOffset() - ackedOffset();
    }
}
