package io.edgeobs.durablelog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The consumers of one log and their checkpoints ({@code consumers/<name>.checkpoint}). Called under the log's lock,
 * except {@link #persist(Consumer, long)}.
 */
final class ConsumerSet {

    private final Path dir;
    private final Map<String, Consumer> consumers = new LinkedHashMap<>();

    ConsumerSet(Path logDir) {
        this.dir = logDir.resolve("consumers");
    }

    Path dir() {
        return dir;
    }

    /** The consumer of this name, resuming from its checkpoint, never before {@code oldestOffset}. */
    Consumer open(DurableLog log, String name, long oldestOffset) {
        return consumers.computeIfAbsent(name, n -> {
            try {
                long start = Checkpoints.read(checkpoint(n)).orElse(oldestOffset);
                return new Consumer(log, n, Math.max(start, oldestOffset));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the checkpoint of consumer " + n, e);
            }
        });
    }

    boolean isEmpty() {
        return consumers.isEmpty();
    }

    /** The lowest acknowledged position: everything before it every consumer has acknowledged (0 with none). */
    long minAcked() {
        long min = Long.MAX_VALUE;
        for (Consumer c : consumers.values()) {
            min = Math.min(min, c.ackedOffset);
        }
        return consumers.isEmpty() ? 0 : min;
    }

    /** Like {@link #minAcked()}, but nothing counts as acknowledged while there is no consumer. */
    long minAckedOrNone() {
        return consumers.isEmpty() ? Long.MIN_VALUE : minAcked();
    }

    /** Moves every consumer that is behind {@code offset} up to it (the records before it are gone). */
    void skipTo(long offset) {
        for (Consumer c : consumers.values()) {
            if (c.ackedOffset < offset) {
                c.ackedOffset = offset;
                persist(c);
            }
            if (c.readOffset < offset) {
                c.readOffset = offset;
                c.cursorSegmentBase = -1;
            }
        }
    }

    void persist(Consumer c) {
        persist(c, c.ackedOffset);
    }

    /**
     * Writes a consumer's checkpoint. May be called outside the log's lock: writes of one consumer never overlap and
     * never move it back.
     */
    void persist(Consumer c, long acked) {
        synchronized (c) {
            if (acked <= c.persistedOffset) {
                return;
            }
            try {
                Checkpoints.write(checkpoint(c.name), acked);
                c.persistedOffset = acked;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the checkpoint of consumer " + c.name, e);
            }
        }
    }

    /** {@link #persist(Consumer, long)}, saying whether it worked instead of throwing. */
    boolean tryPersist(Consumer c, long acked) {
        try {
            persist(c, acked);
            return true;
        } catch (UncheckedIOException e) {
            return false;
        }
    }

    private Path checkpoint(String name) {
        return dir.resolve(name + ".checkpoint");
    }
}
