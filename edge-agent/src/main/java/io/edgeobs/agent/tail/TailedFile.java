package io.edgeobs.agent.tail;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * One followed file: its open channel (so a file renamed or deleted away can still be read to its end), where it is
 * delivered up to, and what the rotation checks need. Owned by the tailing thread; not thread-safe.
 */
final class TailedFile {

    final FileId id;
    /** The path it was found at; names it in records even after a rename. */
    final Path path;
    final FileChannel channel;

    /** Everything before is delivered, or skipped on purpose. */
    long offset;
    /** Inside the rest of a line that was cut at the cap. */
    boolean skipping;
    Fingerprint fingerprint;

    /** Its path names another file now, or none: renamed or deleted. Read to its end, then closed. */
    boolean gone;
    /** Whether the latest scan matched it (under any path); a matched file is never closed. */
    boolean matched = true;
    /** The last read found nothing more complete to deliver. */
    boolean atEof;
    /** The size seen last, and when it last changed (for rotate-wait and partial-line-timeout). */
    long lastSize = -1;
    long lastChangeMillis;
    /** The file that held this path before (or the copy copytruncate made): read to its end first. */
    TailedFile predecessor;
    /** An I/O error on it was logged; log again only once it recovered. */
    boolean failing;

    TailedFile(FileId id, Path path, FileChannel channel, long offset, boolean skipping, Fingerprint fingerprint,
               long nowMillis) {
        this.id = id;
        this.path = path;
        this.channel = channel;
        this.offset = offset;
        this.skipping = skipping;
        this.fingerprint = fingerprint;
        this.lastChangeMillis = nowMillis;
    }

    OffsetStore.Entry entry() {
        return new OffsetStore.Entry(id.dev(), id.ino(), path.toString(), offset, skipping, fingerprint.length(),
                fingerprint.sha256(), gone);
    }

    void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing is lost by a failed close
        }
    }

    @Override
    public String toString() {
        return path + " (" + id + ")";
    }
}
