package io.edgeobs.agent.tail;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The two kinds of rotation, noticed at the start of every poll.
 * <ul>
 *   <li>Rename (or delete): the path now names another file, or none. The old file stays open and is read to its
 *       end; the new file at the path is followed from 0 and read once the old one is at its end.</li>
 *   <li>Truncation (copytruncate, or {@code : > app.log}): the file is shorter than the offset, or no longer starts
 *       with the fingerprinted bytes (truncated and already written past the old offset). If copytruncate's copy is
 *       beside it, the copy is read from the old offset to its end first; then the file is read again from 0.</li>
 * </ul>
 */
final class Rotations {

    private static final Logger LOG = Logger.getLogger(Rotations.class);

    private Rotations() {
    }

    static void checkPaths(SourceTailer tailer, List<TailedFile> files, long now) {
        for (TailedFile f : files) {
            if (f.gone) {
                continue;
            }
            Optional<FileId> current;
            try {
                current = FileId.of(f.path);
            } catch (IOException e) {
                continue; // cannot tell now; the next poll looks again
            }
            if (current.isPresent() && current.get().equals(f.id)) {
                continue;
            }
            f.gone = true;
            f.lastChangeMillis = now; // rotate-wait runs from now: the writer may not have reopened yet
            tailer.metrics().renames.increment();
            LOG.infof("tail source %s: %s was renamed or deleted; reading it to its end", tailer.source().name(), f);
        }
        followNewFilesAtKnownPaths(tailer, files, now);
    }

    /**
     * A path whose file was rotated away gets a new file when the application reopens it: follow it from 0 at once
     * (every poll, not only every scan), so a new file is not missed even if it is rotated again soon.
     */
    private static void followNewFilesAtKnownPaths(SourceTailer tailer, List<TailedFile> files, long now) {
        Set<Path> live = new HashSet<>();
        Set<Path> orphaned = new LinkedHashSet<>();
        for (TailedFile f : files) {
            (f.gone ? orphaned : live).add(f.path);
        }
        orphaned.removeAll(live);
        for (Path path : orphaned) {
            try {
                Optional<FileId> current = FileId.of(path);
                if (current.isEmpty() || tailer.followedIds().contains(current.get()) || !tailer.matches(path)) {
                    continue;
                }
                Optional<Discovery.Opened> opened = Discovery.open(path);
                if (opened.isPresent()) {
                    Discovery.Opened o = opened.get();
                    tailer.follow(new TailedFile(o.id(), path, o.channel(), 0, false, Fingerprint.of(o.channel()), now));
                }
            } catch (IOException e) {
                LOG.debugf("tail source %s: cannot open the new %s yet: %s", tailer.source().name(), path, e);
            }
        }
    }

    static void checkTruncation(SourceTailer tailer, List<TailedFile> files, long now) {
        for (TailedFile f : List.copyOf(files)) {
            if (f.gone) {
                continue;
            }
            try {
                long size = f.channel.size();
                if (size == f.lastSize) {
                    continue;
                }
                if (size < f.offset || !f.fingerprint.matches(f.channel)) {
                    truncated(tailer, f, now);
                } else if (!f.fingerprint.complete() && size > f.fingerprint.length()) {
                    f.fingerprint = Fingerprint.of(f.channel);
                    tailer.markDirty();
                }
            } catch (IOException e) {
                LOG.debugf("tail source %s: cannot check %s: %s", tailer.source().name(), f, e.getMessage());
            }
        }
    }

    private static void truncated(SourceTailer tailer, TailedFile f, long now) throws IOException {
        tailer.metrics().truncations.increment();
        recoverFromCopy(tailer, f, f.offset, f.skipping, f.fingerprint, now);
        LOG.infof("tail source %s: %s was truncated at offset %d (copytruncate); reading it again from the start",
                tailer.source().name(), f, f.offset);
        f.offset = 0;
        f.skipping = false;
        f.fingerprint = Fingerprint.of(f.channel);
        f.atEof = false;
        tailer.markDirty();
    }

    /**
     * If the copy of {@code f}'s old content is beside it with bytes after {@code offset}, follows the copy from there,
     * before {@code f}. {@code f} must be followed already.
     */
    static void recoverFromCopy(SourceTailer tailer, TailedFile f, long offset, boolean skipping,
                                Fingerprint fingerprint, long now) throws IOException {
        Optional<Discovery.Opened> copy = Discovery.findCopy(f.path, fingerprint, offset, tailer.followedIds());
        if (copy.isEmpty()) {
            return;
        }
        Discovery.Opened c = copy.get();
        if (c.channel().size() <= offset) {
            Discovery.closeQuietly(c.channel());
            return;
        }
        TailedFile rest = new TailedFile(c.id(), f.path, c.channel(), offset, skipping, fingerprint, now);
        rest.gone = true;
        rest.matched = false;
        tailer.followBefore(rest, f);
        tailer.metrics().copiesRecovered.increment();
        LOG.infof("tail source %s: reading %d bytes written to %s before it was truncated from its copy %s",
                tailer.source().name(), c.channel().size() - offset, f.path, c.path());
    }
}
