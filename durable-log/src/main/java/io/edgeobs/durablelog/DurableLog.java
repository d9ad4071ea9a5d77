package io.edgeobs.durablelog;

import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A crash-safe, bounded, segmented append-only log. Appends are acknowledged only once durable under the
 * {@link SyncPolicy}; consumers read and acknowledge; a segment is deleted only when every consumer acknowledged all
 * of it, or when the budget or the maximum age forces it out, and then every record it still held is counted.
 */
public final class DurableLog implements Closeable {

    private static final Logger LOG = Logger.getLogger(DurableLog.class);

    private final DurableLogConfig config;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition spaceFreed = lock.newCondition();
    private final List<Segment> segments = new ArrayList<>();
    private final ConsumerSet consumers;
    private final GroupCommit groupCommit;
    private final Thread intervalSyncer;
    private Segment active;
    private long writeSeq;
    private long totalBytes;
    private long appended;
    private long droppedForBudget;
    private long expired;
    private long recoveredCutRecords;
    private long recoveredCutBytes;
    private int corruptSegments;
    private boolean closed;
    private volatile EvictionListener evictionListener;

    private DurableLog(DurableLogConfig config) {
        this.config = config;
        this.consumers = new ConsumerSet(config.dir());
        this.groupCommit = new GroupCommit(() -> {
            lock.lock();
            try {
                return new GroupCommit.Target(writeSeq, active.channel);
            } finally {
                lock.unlock();
            }
        });
        this.intervalSyncer = config.syncPolicy() == SyncPolicy.INTERVAL
                ? IntervalSync.thread(this, config.syncInterval(), config.dir()) : null;
    }

    /** Opens (creating or recovering) the log in {@code config.dir()}. */
    public static DurableLog open(DurableLogConfig config) {
        DurableLog log = new DurableLog(config);
        try {
            log.recover();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the durable log in " + config.dir(), e);
        }
        if (log.intervalSyncer != null) {
            log.intervalSyncer.start();
        }
        return log;
    }

    private void recover() throws IOException {
        Files.createDirectories(consumers.dir());
        List<Path> files;
        try (Stream<Path> list = Files.list(config.dir())) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
        }
        long now = config.clock().millis();
        for (int i = 0; i < files.size(); i++) {
            long base = Long.parseLong(files.get(i).getFileName().toString().replace(".seg", ""));
            if (!segments.isEmpty()) {
                long gap = base - segments.get(segments.size() - 1).nextOffset();
                recoveredCutRecords += Math.max(0, gap);
            }
            Segment.Scan scan = Segment.recover(files.get(i), base, i == files.size() - 1, now);
            segments.add(scan.segment());
            totalBytes += scan.segment().size;
            if (scan.cutBytes() > 0) {
                recoveredCutBytes += scan.cutBytes();
                recoveredCutRecords += scan.corrupt() ? 0 : 1;
                corruptSegments += scan.corrupt() ? 1 : 0;
            }
        }
        if (segments.isEmpty()) {
            segments.add(Segment.create(config.dir(), 0, now));
            AtomicFile.fsyncDirectory(config.dir());
        }
        active = segments.get(segments.size() - 1);
    }

    // ---------------------------------------------------------------------------------------------------- append

    /** Appends one record; returns its offset once durable. */
    public long append(byte[] payload) {
        return append(List.of(payload));
    }

    /**
     * Appends records together; returns the offset of the first once all are durable.
     *
     * @throws LogFullException when the budget (or the disk) is full and the policy is {@link FullPolicy#BLOCK}
     */
    public long append(List<byte[]> payloads) {
        long first;
        long seq;
        lock.lock();
        try {
            ensureOpen();
            long now = config.clock().millis();
            expireOld(now);
            ByteBuffer frames = Frames.encode(payloads, now);
            makeRoom(frames.remaining());
            maybeRoll(now, frames.remaining());
            if (!config.retainAcknowledged().isZero()) {
                deleteAcknowledged(now); // segments past the local retention, including one just sealed
            }
            first = active.nextOffset();
            write(frames, payloads.size(), now);
            appended += payloads.size();
            seq = ++writeSeq;
        } finally {
            lock.unlock();
        }
        if (config.syncPolicy() == SyncPolicy.EVERY_BATCH) {
            groupCommit.awaitDurable(seq);
        }
        return first;
    }

    private void write(ByteBuffer frames, int records, long now) {
        int bytes = frames.remaining();
        for (int attempt = 0; ; attempt++) {
            try {
                active.append(frames.duplicate(), records, now);
                totalBytes += bytes;
                return;
            } catch (IOException e) {
                // most likely the disk is full (ENOSPC): the same as reaching the budget
                if (config.fullPolicy() == FullPolicy.DROP_OLDEST && attempt == 0 && evictOldest("disk full")) {
                    continue;
                }
                throw new LogFullException("cannot write to " + active.path + " (" + e.getMessage() + "); the disk "
                        + "may be full: pushing back");
            }
        }
    }

    private void makeRoom(long bytes) {
        long deadline = System.nanoTime() + config.blockTimeout().toNanos();
        while (totalBytes + bytes > config.budgetBytes()) {
            if (config.fullPolicy() == FullPolicy.DROP_OLDEST) {
                if (!evictOldest("budget")) {
                    throw new LogFullException("a record of " + bytes + " bytes does not fit a budget of "
                            + config.budgetBytes() + " bytes");
                }
                continue;
            }
            if (deleteOldestIfAcknowledged()) {
                continue; // a segment kept only for local reading gives way to new data
            }
            long wait = deadline - System.nanoTime();
            if (wait <= 0) {
                throw new LogFullException("the log in " + config.dir() + " is at its budget of " + config.budgetBytes()
                        + " bytes and nothing was acknowledged for " + config.blockTimeout().toMillis() + " ms: pushing back");
            }
            try {
                spaceFreed.awaitNanos(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LogFullException("interrupted while waiting for room in the log");
            }
            ensureOpen();
        }
    }

    private void maybeRoll(long now, long bytes) {
        boolean full = active.size > 0 && active.size + bytes > config.segmentBytes();
        boolean old = active.count > 0 && now - active.createdMillis > config.segmentMaxAge().toMillis();
        if (full || old) {
            try {
                active.channel.force(false); // what the next group commit does not cover must be durable now
                active = Segment.create(config.dir(), active.nextOffset(), now);
                AtomicFile.fsyncDirectory(config.dir());
                segments.add(active);
            } catch (IOException e) {
                throw new LogFullException("cannot start a new segment in " + config.dir() + ": " + e.getMessage());
            }
        }
    }

    // --------------------------------------------------------------------------------------- retention and budget

    /** Evicts the oldest sealed segment, counting what no consumer acknowledged yet. False if there is none. */
    private boolean evictOldest(String reason) {
        if (segments.size() < 2) {
            maybeRoll(config.clock().millis(), Long.MAX_VALUE / 2);
            if (segments.size() < 2) {
                return false;
            }
        }
        Segment oldest = segments.get(0);
        long unacked = oldest.nextOffset() - Math.max(oldest.baseOffset, Math.min(consumers.minAcked(), oldest.nextOffset()));
        if (reason.equals("expired")) {
            expired += unacked;
        } else {
            droppedForBudget += unacked;
        }
        if (unacked > 0) {
            LOG.warnf("evicted segment %s (%s): %d unacknowledged records dropped", oldest.path, reason, unacked);
            tellEvicted(oldest, reason, oldest.nextOffset() - unacked, unacked);
        }
        delete(oldest);
        consumers.skipTo(oldest.nextOffset());
        return true;
    }

    /** Hands the unacknowledged records of a segment about to go to the listener, a chunk at a time. */
    private void tellEvicted(Segment segment, String reason, long from, long count) {
        EvictionListener listener = evictionListener;
        if (listener == null) {
            return;
        }
        Consumer cursor = new Consumer(this, "evicted", from);
        long told = 0;
        try {
            while (told < count) {
                List<LogEntry> chunk = SegmentReader.read(List.of(segment), cursor, (int) Math.min(count - told, 10_000), 1 << 20);
                if (chunk.isEmpty()) {
                    break;
                }
                told += chunk.size();
                listener.evicted(reason, chunk, 0);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("cannot read the evicted segment %s to count what it held: %s", segment.path, e.getMessage());
        }
        if (told < count) {
            listener.evicted(reason, List.of(), count - told);
        }
    }

    /**
     * Who is told what an evicted segment held unacknowledged (see {@link EvictionListener}); null for nobody.
     * Set it right after opening, before the first append.
     */
    public void onEviction(EvictionListener listener) {
        this.evictionListener = listener;
    }

    private void expireOld(long now) {
        long limit = now - config.maxAge().toMillis();
        while (segments.size() > 1 && segments.get(0).lastAppendMillis < limit) {
            evictOldest("expired");
        }
        if (segments.size() == 1 && active.count > 0 && active.lastAppendMillis < limit) {
            evictOldest("expired");
        }
    }

    /** Deletes segments every consumer acknowledged, once older than the local retention. */
    private void deleteAcknowledged(long now) {
        long acked = consumers.minAcked();
        long retain = config.retainAcknowledged().toMillis();
        while (segments.size() > 1 && segments.get(0).nextOffset() <= acked
                && (retain == 0 || segments.get(0).lastAppendMillis < now - retain)) {
            delete(segments.get(0));
        }
    }

    /** Deletes the oldest segment if every consumer acknowledged all of it, whatever the retention. */
    private boolean deleteOldestIfAcknowledged() {
        if (segments.size() > 1 && !consumers.isEmpty() && segments.get(0).nextOffset() <= consumers.minAcked()) {
            delete(segments.get(0));
            return true;
        }
        return false;
    }

    private void delete(Segment s) {
        try {
            s.channel.close();
            Files.deleteIfExists(s.path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete segment " + s.path, e);
        }
        segments.remove(s);
        totalBytes -= s.size;
        spaceFreed.signalAll();
    }

    // ----------------------------------------------------------------------------------------------- consumers

    /** The consumer of this name, resuming from its checkpoint (or the oldest record if it is new). */
    public Consumer consumer(String name) {
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("consumer name must be letters, digits, '.', '_' or '-', was " + name);
        }
        lock.lock();
        try {
            ensureOpen();
            return consumers.open(this, name, segments.get(0).baseOffset);
        } finally {
            lock.unlock();
        }
    }

    List<LogEntry> poll(Consumer c, int maxRecords, long maxBytes) {
        lock.lock();
        try {
            ensureOpen();
            return SegmentReader.read(segments, c, maxRecords, maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the durable log in " + config.dir(), e);
        } finally {
            lock.unlock();
        }
    }

    void ack(Consumer c, long nextUnacked) {
        long acked;
        lock.lock();
        try {
            ensureOpen();
            if (nextUnacked <= c.ackedOffset) {
                return;
            }
            c.ackedOffset = Math.min(nextUnacked, active.nextOffset());
            if (c.readOffset < c.ackedOffset) {
                c.readOffset = c.ackedOffset;
                c.cursorSegmentBase = -1;
            }
            acked = c.ackedOffset;
        } finally {
            lock.unlock();
        }
        // The checkpoint's fsyncs run outside the log's lock, so appends (and their group commit) never wait for them.
        boolean written = consumers.tryPersist(c, acked);
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (!written) {
                makeRoomForCheckpoint(c, acked);
            }
            deleteAcknowledged(config.clock().millis());
        } finally {
            lock.unlock();
        }
    }

    /**
     * A checkpoint could not be written, most likely because the disk is full and its new file has no room: what every
     * consumer has now acknowledged goes first, then it is written again. Those records were delivered, so after a
     * crash before the checkpoint is written they are simply not there to deliver again.
     */
    private void makeRoomForCheckpoint(Consumer c, long acked) {
        int freed = 0;
        while (deleteOldestIfAcknowledged()) {
            freed++;
        }
        if (freed == 0) {
            throw new UncheckedIOException(new java.io.IOException("cannot write the checkpoint of consumer " + c.name
                    + " in " + config.dir() + ", and nothing can be deleted to make room: the disk may be full"));
        }
        LOG.warnf("checkpoint of consumer %s could not be written; deleted %d acknowledged segments to make room",
                c.name, freed);
        consumers.persist(c, acked);
    }

    void rewind(Consumer c) {
        lock.lock();
        try {
            c.readOffset = c.ackedOffset;
            c.cursorSegmentBase = -1;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------- the rest

    /**
     * Reads records from {@code fromOffset} on, acknowledged or not, without moving any consumer: for local queries
     * over what the log still holds. An offset before the oldest record starts at the oldest.
     */
    public List<LogEntry> read(long fromOffset, int maxRecords, long maxBytes) {
        lock.lock();
        try {
            ensureOpen();
            Consumer cursor = new Consumer(this, "read", Math.max(fromOffset, segments.get(0).baseOffset));
            return SegmentReader.read(segments, cursor, maxRecords, maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the durable log in " + config.dir(), e);
        } finally {
            lock.unlock();
        }
    }

    /** The segments the log holds now, oldest first. */
    public List<SegmentInfo> segments() {
        lock.lock();
        try {
            long acked = consumers.minAckedOrNone();
            List<SegmentInfo> out = new ArrayList<>(segments.size());
            for (Segment s : segments) {
                out.add(new SegmentInfo(s.baseOffset, s.nextOffset(), s.size, s.createdMillis, s.lastAppendMillis,
                        s.nextOffset() <= acked && s != active));
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    public long nextOffset() {
        lock.lock();
        try {
            return active.nextOffset();
        } finally {
            lock.unlock();
        }
    }

    public DurableLogStats stats() {
        lock.lock();
        try {
            long acked = consumers.minAckedOrNone();
            long retained = 0;
            for (int i = 0; i < segments.size() - 1 && segments.get(i).nextOffset() <= acked; i++) {
                retained += segments.get(i).size;
            }
            return new DurableLogStats(appended, active.nextOffset(), totalBytes, segments.size(), droppedForBudget,
                    expired, recoveredCutRecords, recoveredCutBytes, corruptSegments, retained);
        } finally {
            lock.unlock();
        }
    }

    /** One periodic fsync of {@link SyncPolicy#INTERVAL}; false once the log is closed. */
    boolean syncNow() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            active.channel.force(false);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the durable log in " + config.dir() + " is closed");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            spaceFreed.signalAll();
            for (Segment s : segments) {
                try {
                    s.channel.force(false);
                    s.channel.close();
                } catch (IOException e) {
                    LOG.warnf("closing segment %s: %s", s.path, e.getMessage());
                }
            }
        } finally {
            lock.unlock();
        }
        if (intervalSyncer != null) {
            intervalSyncer.interrupt();
        }
    }
}
