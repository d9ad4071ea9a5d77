package io.edgeobs.durablelog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Makes appends durable in groups: the first caller to find its write not yet synced runs one fsync that covers
 * every write made so far; callers arriving meanwhile wait for it (or the next one) instead of each paying an fsync.
 */
final class GroupCommit {

    /** The newest write number and the channel it went to, read together under the log's lock. */
    record Target(long writeSeq, FileChannel channel) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition synced = lock.newCondition();
    private final Supplier<Target> target;
    private long durableSeq;
    private boolean syncing;

    GroupCommit(Supplier<Target> target) {
        this.target = target;
    }

    /** Returns once write number {@code seq} is on disk. */
    void awaitDurable(long seq) {
        lock.lock();
        try {
            while (durableSeq < seq) {
                if (syncing) {
                    synced.awaitUninterruptibly();
                    continue;
                }
                syncing = true;
                lock.unlock();
                Target t = target.get();
                try {
                    t.channel().force(false);
                } catch (ClosedChannelException deleted) {
                    // the segment was deleted after its records were acknowledged: nothing left to make durable
                } catch (IOException e) {
                    throw new UncheckedIOException("fsync of the durable log failed", e);
                } finally {
                    lock.lock();
                    syncing = false;
                    synced.signalAll();
                }
                durableSeq = Math.max(durableSeq, t.writeSeq());
            }
        } finally {
            lock.unlock();
        }
    }
}
