package io.edgeobs.agent.tail;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Matches the files a source's globs find now with the followed ones: new files are opened (where to start: the
 * remembered offset if the offset store knows the file and its first bytes are unchanged; the end for a fresh
 * source that starts at the end; 0 otherwise). At the first scan after a start, a remembered file that no pattern
 * matches any more is looked for by device and inode in its directory: renamed while the agent was down, it is read
 * from its remembered offset to its end.
 */
final class Scan {

    private static final Logger LOG = Logger.getLogger(Scan.class);

    private Scan() {
    }

    static void run(SourceTailer tailer, List<Path> found, List<TailedFile> files,
                    Map<FileId, OffsetStore.Entry> remembered, boolean fresh, long now) {
        Map<FileId, Path> matches = new LinkedHashMap<>();
        for (Path p : found) {
            try {
                FileId.of(p).ifPresent(id -> matches.putIfAbsent(id, p));
            } catch (IOException e) {
                LOG.debugf("tail source %s: cannot stat %s: %s", tailer.source().name(), p, e.getMessage());
            }
        }
        for (TailedFile f : files) {
            f.matched = matches.containsKey(f.id);
        }
        if (remembered != null) {
            // first, in their saved (reading) order, the remembered files no pattern matches: renamed while down,
            // so that the files now at their paths (and copies recovered for those) come after them
            for (OffsetStore.Entry e : List.copyOf(remembered.values())) {
                if (!matches.containsKey(e.id())) {
                    findRenamed(tailer, e, now);
                    remembered.remove(e.id());
                }
            }
        }
        Set<FileId> followed = tailer.followedIds();
        int unfollowed = 0;
        for (Map.Entry<FileId, Path> m : matches.entrySet()) {
            if (followed.contains(m.getKey())) {
                continue;
            }
            if (files.size() >= tailer.settings().maxFiles()) {
                unfollowed++;
                continue;
            }
            try {
                Optional<Discovery.Opened> opened = Discovery.open(m.getValue());
                if (opened.isEmpty() || !opened.get().id().equals(m.getKey())) {
                    opened.ifPresent(o -> Discovery.closeQuietly(o.channel()));
                    continue; // replaced since the walk: the next scan sees the new one
                }
                OffsetStore.Entry entry = remembered == null ? null : remembered.remove(m.getKey());
                start(tailer, opened.get(), entry, fresh, now);
                followed.add(m.getKey());
            } catch (IOException e) {
                tailer.metrics().error("open");
                LOG.warnf("tail source %s: cannot open %s: %s", tailer.source().name(), m.getValue(), e.getMessage());
            }
        }
        tailer.metrics().unfollowed.set(unfollowed);
        if (unfollowed > 0) {
            LOG.debugf("tail source %s: %d matching files not followed (max-files %d)", tailer.source().name(),
                    unfollowed, tailer.settings().maxFiles());
        }
    }

    private static void start(SourceTailer tailer, Discovery.Opened o, OffsetStore.Entry entry, boolean fresh, long now)
            throws IOException {
        FileChannel ch = o.channel();
        long size = ch.size();
        Path path = entry == null ? o.path() : Path.of(entry.path());
        if (entry != null) {
            Fingerprint remembered = entry.fingerprintValue();
            if (size >= entry.offset() && remembered.matches(ch)) {
                // the same content: a longer fingerprint now if the file grew (it starts with the remembered bytes)
                Fingerprint fingerprint = remembered.complete() ? remembered : Fingerprint.of(ch);
                tailer.follow(new TailedFile(o.id(), path, ch, entry.offset(), entry.skipping(), fingerprint, now));
                return;
            }
            // truncated (or its inode reused by a new file) while the agent was down
            TailedFile f = new TailedFile(o.id(), path, ch, 0, false, Fingerprint.of(ch), now);
            tailer.follow(f);
            tailer.metrics().truncations.increment();
            Rotations.recoverFromCopy(tailer, f, entry.offset(), entry.skipping(), remembered, now);
            LOG.infof("tail source %s: %s changed while the agent was down (truncated or replaced); reading it from "
                    + "the start", tailer.source().name(), f);
            return;
        }
        if (fresh && tailer.source().startAt() == TailSource.StartAt.END) {
            Discovery.Start s = Discovery.endOfLastLine(ch, size, tailer.settings().maxLineSize() + 1);
            tailer.follow(new TailedFile(o.id(), path, ch, s.offset(), s.skipping(), Fingerprint.of(ch), now));
            return;
        }
        tailer.follow(new TailedFile(o.id(), path, ch, 0, false, Fingerprint.of(ch), now));
    }

    private static void findRenamed(SourceTailer tailer, OffsetStore.Entry e, long now) {
        Path path = Path.of(e.path());
        try {
            Optional<Discovery.Opened> found = Discovery.findById(path.toAbsolutePath().getParent(), e.id(),
                    e.fingerprintValue());
            if (found.isEmpty()) {
                LOG.infof("tail source %s: %s (%s) is gone; anything written to it after offset %d and not read "
                        + "before was not delivered", tailer.source().name(), e.path(), e.id(), e.offset());
                return;
            }
            Discovery.Opened o = found.get();
            TailedFile f = new TailedFile(o.id(), path, o.channel(), e.offset(), e.skipping(), e.fingerprintValue(), now);
            f.gone = true;
            f.matched = false;
            tailer.follow(f); // after the other gone files of its path: the reading order of the offset file
            if (e.gone()) {
                LOG.debugf("tail source %s: finishing %s (now %s) from offset %d", tailer.source().name(), e.path(),
                        o.path(), e.offset());
            } else {
                tailer.metrics().renames.increment(); // rotated while the agent was down
                LOG.infof("tail source %s: %s was renamed to %s while the agent was down; reading it on from offset %d",
                        tailer.source().name(), e.path(), o.path(), e.offset());
            }
        } catch (IOException ex) {
            LOG.warnf("tail source %s: cannot look for %s: %s", tailer.source().name(), e.path(), ex.getMessage());
        }
    }
}
