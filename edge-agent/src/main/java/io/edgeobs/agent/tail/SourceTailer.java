package io.edgeobs.agent.tail;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Follows the files of one source; {@link #poll()} does one round and is called by one thread at a time.
 * A round: notice renames and deletions (the file stays open and is read to its end; the new file at the path
 * waits until then), notice truncation (copytruncate: deliver the rest from the copy if it is beside the file,
 * then start again at 0), pick up new files matching the globs (every scan-interval), then read each file once,
 * at most max-read-per-poll bytes, and hand its complete lines to the sink. A file's offset moves, and is written
 * to the offset store, only once the sink's Uni says the lines are durable; when the sink refuses, the round stops
 * there and the same lines are read again next time. See ADR 0040 for the exact guarantee.
 */
final class SourceTailer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SourceTailer.class);

    /** An append takes milliseconds, a blocked one the buffer's block-timeout (seconds); beyond this something hangs. */
    static final Duration ACCEPT_TIMEOUT = Duration.ofSeconds(60);
    /** After a failure that is not backpressure (an I/O error in the buffer): wait this long before trying again. */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(1);

    /** What a round ended with: more to read now, nothing more, or the sink refused (retry after). */
    record PollResult(boolean more, Optional<Duration> retryAfter) {
        static final PollResult IDLE = new PollResult(false, Optional.empty());
        static final PollResult MORE = new PollResult(true, Optional.empty());
    }

    private final TailSource source;
    private final TailSettings settings;
    private final Globs globs;
    private final OffsetStore store;
    private final TailMetrics.Source metrics;
    private final Clock clock;
    private final FileDelivery delivery;
    /** Followed files, a file's predecessor always before it. */
    private final List<TailedFile> files = new ArrayList<>();
    /** Positions from the offset store, until the first scan has matched them to files. */
    private Map<FileId, OffsetStore.Entry> remembered;
    /** No offset file yet: start-at applies to the files of the first scan. */
    private boolean fresh;
    private long lastScanMillis;
    private boolean scanned;
    private boolean dirty;

    SourceTailer(TailSource source, TailSettings settings, Path stateDir, LogSink sink, LineReader reader,
                 TailMetrics.Source metrics, Clock clock) {
        this.source = source;
        this.settings = settings;
        this.globs = new Globs(source.name(), source.paths(), source.exclude());
        this.store = new OffsetStore(stateDir, source.name());
        this.metrics = metrics;
        this.clock = clock;
        this.delivery = new FileDelivery(source, settings, sink, reader, metrics, clock);
        this.remembered = load();
    }

    TailSource source() {
        return source;
    }

    private Map<FileId, OffsetStore.Entry> load() {
        Map<FileId, OffsetStore.Entry> byId = new LinkedHashMap<>();
        try {
            Optional<List<OffsetStore.Entry>> entries = store.load();
            fresh = entries.isEmpty();
            entries.orElse(List.of()).forEach(e -> byId.put(e.id(), e));
        } catch (IOException e) {
            // not fresh: reading files again from the start duplicates lines, skipping to their end would lose them
            fresh = false;
            metrics.error("state");
            LOG.errorf("tail source %s: %s; moved aside, files are read again from their start", source.name(),
                    e.getMessage());
            try {
                store.quarantine();
            } catch (IOException moveFailed) {
                LOG.errorf("tail source %s: cannot move %s aside: %s", source.name(), store.file(), moveFailed);
            }
        }
        return byId;
    }

    PollResult poll() {
        long now = clock.millis();
        Rotations.checkPaths(this, files, now);
        Rotations.checkTruncation(this, files, now);
        if (!scanned || now - lastScanMillis >= settings.scanInterval().toMillis()) {
            scan(now);
        }
        boolean more = false;
        for (TailedFile f : List.copyOf(files)) {
            if (f.predecessor != null && files.contains(f.predecessor) && !f.predecessor.atEof) {
                continue; // the old file of this path is not read to its end yet (it reports its own backlog)
            }
            FileDelivery.Outcome outcome = delivery.deliver(f, now);
            dirty |= outcome.moved();
            saveIfDirty(); // what the buffer confirmed of this chunk: a crash from here on repeats at most the next chunk
            if (outcome.refused().isPresent()) {
                return new PollResult(true, outcome.refused());
            }
            more |= outcome.more();
        }
        closeFinished(now);
        saveIfDirty();
        long lag = 0;
        for (TailedFile f : files) {
            try {
                lag += Math.max(0, f.channel.size() - f.offset);
            } catch (IOException ignored) {
                // counted when it is read
            }
        }
        metrics.lagBytes.set(lag);
        metrics.files.set(files.size());
        return more ? PollResult.MORE : PollResult.IDLE;
    }

    /** Adds a file to follow: after its predecessor (the gone file that had its path), or at the end. */
    void follow(TailedFile f) {
        for (int i = files.size() - 1; i >= 0 && f.predecessor == null; i--) {
            TailedFile other = files.get(i);
            if (other.gone && other.path.equals(f.path) && !other.id.equals(f.id)) {
                f.predecessor = other;
            }
        }
        files.add(f);
        dirty = true;
        LOG.debugf("tail source %s: following %s from offset %d", source.name(), f, f.offset);
    }

    /** Adds a copy or a rotated file to read before {@code successor}. */
    void followBefore(TailedFile f, TailedFile successor) {
        f.predecessor = successor.predecessor;
        successor.predecessor = f;
        files.add(files.indexOf(successor), f);
        dirty = true;
    }

    void markDirty() {
        dirty = true;
    }

    Set<FileId> followedIds() {
        Set<FileId> ids = new HashSet<>();
        files.forEach(f -> ids.add(f.id));
        return ids;
    }

    /** Whether the source's patterns match {@code path} now. */
    boolean matches(Path path) {
        return globs.matches(path);
    }

    TailMetrics.Source metrics() {
        return metrics;
    }

    TailSettings settings() {
        return settings;
    }

    private void scan(long now) {
        scanned = true;
        lastScanMillis = now;
        Scan.run(this, globs.expand(), files, remembered, fresh, now);
        remembered = null;
        fresh = false;
        dirty = true; // the first scan writes the offset file, so "start at end" is not applied twice
    }

    /** Closes files that are gone from their path, not matched any more, read to their end and quiet for rotate-wait. */
    private void closeFinished(long now) {
        for (TailedFile f : List.copyOf(files)) {
            if (f.gone && !f.matched && f.atEof && now - f.lastChangeMillis >= settings.rotateWait().toMillis()) {
                try {
                    if (f.offset < f.channel.size()) {
                        continue; // written again since (or refused): not finished
                    }
                } catch (IOException e) {
                    LOG.debugf("tail source %s: %s cannot be read any more: %s", source.name(), f, e.getMessage());
                }
                files.remove(f);
                f.close();
                files.forEach(other -> {
                    if (other.predecessor == f) {
                        other.predecessor = null;
                    }
                });
                dirty = true;
                LOG.infof("tail source %s: finished %s, %d bytes", source.name(), f, f.offset);
            }
        }
    }

    private void saveIfDirty() {
        if (dirty) {
            save();
        }
    }

    /** Writes every followed file's position; called after each chunk the sink confirmed (all or part of). */
    private void save() {
        List<OffsetStore.Entry> entries = new ArrayList<>(files.size());
        files.forEach(f -> entries.add(f.entry()));
        try {
            store.save(entries);
            dirty = false;
        } catch (IOException e) {
            // lines stay delivered; after a crash before the next good save they would be read again (duplicates)
            metrics.error("state");
            LOG.errorf("tail source %s: cannot write %s: %s", source.name(), store.file(), e.getMessage());
        }
    }

    @Override
    public void close() {
        saveIfDirty();
        files.forEach(TailedFile::close);
        files.clear();
        metrics.files.set(0);
    }

    /** For tests: the followed files' positions. */
    List<OffsetStore.Entry> positions() {
        return files.stream().map(TailedFile::entry).toList();
    }
}
