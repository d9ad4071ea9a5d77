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
 * The per-segment index of one signal's buffer. {@link #refresh()} catches up with the log: it forgets segments the
 * log deleted and reads only entries appended since the last refresh, so after the first build (one read of the
 * buffer, at start) keeping it current costs what was appended.
 */
final class LocalIndex {

    private static final Logger LOG = Logger.getLogger(LocalIndex.class);
    /** Entries read per call while indexing: bounds the memory of one catch-up step. */
    private static final int READ_ENTRIES = 256;
    private static final long READ_BYTES = 4L << 20;

    private final DurableLog log;
    private final TreeMap<Long, SegmentIndex> segments = new TreeMap<>();
    private long undecodable;

    LocalIndex(DurableLog log) {
        this.log = log;
    }

    /** A segment worth reading for a query, with the offsets to read. */
    record Candidate(long fromOffset, long toOffset) {
    }

    synchronized void refresh() {
        List<SegmentInfo> held = log.segments();
        segments.keySet().removeIf(base -> held.stream().noneMatch(s -> s.baseOffset() == base));
        for (SegmentInfo s : held) {
            SegmentIndex index = segments.computeIfAbsent(s.baseOffset(), SegmentIndex::new);
            while (index.indexedUpTo < s.nextOffset()) {
                List<LogEntry> entries = log.read(index.indexedUpTo, READ_ENTRIES, READ_BYTES);
                if (entries.isEmpty() || entries.get(0).offset() >= s.nextOffset()) {
                    index.indexedUpTo = s.nextOffset(); // a gap (a corrupt tail was cut): nothing more to index
                    break;
                }
                for (LogEntry e : entries) {
                    if (e.offset() >= s.nextOffset()) {
                        break;
                    }
                    try {
                        index.add(e.offset(), BatchCodec.decode(e.payload()));
                    } catch (ModelException ex) {
                        undecodable++;
                        index.indexedUpTo = e.offset() + 1;
                        LOG.warnf("entry %d of the buffer in %s cannot be decoded: %s", e.offset(), s, ex.getMessage());
                    }
                }
            }
        }
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
