package io.edgeobs.agent.diag;

import io.edgeobs.durablelog.DurableLog;
import io.edgeobs.durablelog.LogEntry;
import io.edgeobs.durablelog.SegmentInfo;
import io.edgeobs.model.Batch;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ModelException;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The per-segment index of one signal's buffer: built once at start by reading what the buffer held, then kept
 * current by the appends themselves (the batch in hand is indexed, nothing is read or decoded again), and pruned of
 * segments the log deleted by {@link #refresh()}.
 */
final class LocalIndex {

    private static final Logger LOG = Logger.getLogger(LocalIndex.class);
    /** Entries read per call while indexing: bounds the memory of one catch-up step. */
    private static final int READ_ENTRIES = 256;
    private static final long READ_BYTES = 4L << 20;

    private final DurableLog log;
    private final TreeMap<Long, SegmentIndex> segments = new TreeMap<>();
    /** The log's segments at the last look; appends find their segment here. */
    private List<SegmentInfo> held;
    private long undecodable;

    LocalIndex(DurableLog log) {
        this.log = log;
        this.held = log.segments();
    }

    /** A segment worth reading for a query, with the offsets to read. */
    record Candidate(long fromOffset, long toOffset) {
    }

    /** Indexes an entry just appended (the batch the agent wrote, so nothing is decoded again). */
    synchronized void onAppended(long offset, Batch batch) {
        SegmentIndex index = segmentFor(offset);
        if (index != null) {
            index.add(offset, batch);
        }
    }

    /** Forgets segments the log deleted. */
    synchronized void refresh() {
        held = log.segments();
        segments.keySet().removeIf(base -> held.stream().noneMatch(s -> s.baseOffset() == base));
    }

    /**
     * Indexes what the log held before the agent started, by reading it once. Appends meanwhile are indexed as they
     * happen; an entry seen both ways is simply indexed twice, which changes nothing.
     */
    void build() {
        long upTo = log.nextOffset();
        for (long next = log.segments().get(0).baseOffset(); next < upTo; ) {
            List<LogEntry> entries = log.read(next, READ_ENTRIES, READ_BYTES);
            if (entries.isEmpty()) {
                break;
            }
            for (LogEntry e : entries) {
                if (e.offset() >= upTo) {
                    return;
                }
                try {
                    onAppended(e.offset(), BatchCodec.decode(e.payload()));
                } catch (ModelException ex) {
                    synchronized (this) {
                        undecodable++;
                    }
                    LOG.warnf("entry %d of the buffer in %s cannot be decoded: %s", e.offset(), log, ex.getMessage());
                }
                next = e.offset() + 1;
            }
        }
    }

    /** The index of the segment holding {@code offset}, created when first needed. */
    private SegmentIndex segmentFor(long offset) {
        SegmentInfo info = find(offset);
        if (info == null) {
            held = log.segments(); // a segment started since the last look
            info = find(offset);
        }
        return info == null ? null : segments.computeIfAbsent(info.baseOffset(), SegmentIndex::new);
    }

    /** The segment of the last look that holds {@code offset}; null if the look is older than the offset. */
    private SegmentInfo find(long offset) {
        for (int i = held.size() - 1; i >= 0; i--) {
            SegmentInfo s = held.get(i);
            if (offset >= s.baseOffset()) {
                return offset < s.nextOffset() ? s : null;
            }
        }
        return null;
    }

    /** Segments whose index says they may hold what {@code test} looks for, newest first. */
    synchronized List<Candidate> candidates(Predicate<SegmentIndex> test) {
        List<Candidate> out = new ArrayList<>();
        for (Map.Entry<Long, SegmentIndex> e : segments.descendingMap().entrySet()) {
            SegmentIndex s = e.getValue();
            if (s.indexedUpTo > s.baseOffset && test.test(s)) {
                out.add(new Candidate(s.baseOffset, s.indexedUpTo));
            }
        }
        return out;
    }

    synchronized int segmentCount() {
        return segments.size();
    }

    /** Records in entries at or after {@code offset} (those not delivered yet, given the export's acknowledgement). */
    synchronized long recordsFrom(long offset) {
        long n = 0;
        for (SegmentIndex s : segments.values()) {
            n += s.recordsFrom(offset);
        }
        return n;
    }

    /** Reads and decodes the entries of a candidate, for a query. */
    List<Located> read(Candidate c) {
        List<Located> out = new ArrayList<>();
        for (long next = c.fromOffset(); next < c.toOffset(); ) {
            List<LogEntry> entries = log.read(next, READ_ENTRIES, READ_BYTES);
            if (entries.isEmpty()) {
                break;
            }
            for (LogEntry e : entries) {
                if (e.offset() >= c.toOffset()) {
                    return out;
                }
                try {
                    out.add(new Located(e.offset(), BatchCodec.decode(e.payload())));
                } catch (ModelException ex) {
                    // counted and logged when indexed
                }
                next = e.offset() + 1;
            }
        }
        return out;
    }

    synchronized long undecodable() {
        return undecodable;
    }

    /** A buffered batch and where it is. */
    record Located(long offset, Batch batch) {
    }
}
