package io.edgeobs.agent.tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.Set;

/** Finding and opening files: by path, by identity in a directory (after a restart), and copytruncate's copy. */
final class Discovery {

    /** Rotated files stay beside the live one; a log directory with more entries than this is not searched further. */
    static final int MAX_DIR_ENTRIES = 1_000;

    private Discovery() {
    }

    /** A file opened at {@code path}, with its identity; empty if there is none or it was replaced while opening. */
    static Optional<Opened> open(Path path) throws IOException {
        Optional<FileId> before = FileId.of(path);
        if (before.isEmpty()) {
            return Optional.empty();
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (java.nio.file.NoSuchFileException gone) {
            return Optional.empty();
        }
        Optional<FileId> after = FileId.of(path);
        if (!before.equals(after)) {
            channel.close(); // rotated between the two looks; the next poll sees the new file
            return Optional.empty();
        }
        return Optional.of(new Opened(before.get(), path, channel));
    }

    record Opened(FileId id, Path path, FileChannel channel) {
    }

    /** The file with identity {@code id} and first bytes {@code fingerprint} in {@code dir}: a rename rotation's old file. */
    static Optional<Opened> findById(Path dir, FileId id, Fingerprint fingerprint) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        int seen = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (++seen > MAX_DIR_ENTRIES) {
                    break;
                }
                if (id.equals(FileId.of(p).orElse(null)) && Files.isRegularFile(p)) {
                    Optional<Opened> opened = open(p);
                    if (opened.isPresent() && opened.get().id().equals(id)
                            && fingerprint.matches(opened.get().channel())) {
                        return opened;
                    }
                    opened.ifPresent(o -> closeQuietly(o.channel()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The copy copytruncate made of a file before truncating it: in the same directory, its name starting with the
     * file's name ({@code app.log.1}, {@code app.log-20261203}), not followed already, at least {@code offset} bytes
     * long, and starting with the same (complete or not) fingerprint. The most recently modified one if several.
     */
    static Optional<Opened> findCopy(Path original, Fingerprint fingerprint, long offset, Set<FileId> followed)
            throws IOException {
        Path dir = original.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir) || fingerprint.length() == 0) {
            return Optional.empty();
        }
        String prefix = original.getFileName().toString();
        Path best = null;
        FileTime bestTime = null;
        int seen = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                if (++seen > MAX_DIR_ENTRIES) {
                    break;
                }
                String name = p.getFileName().toString();
                if (!name.startsWith(prefix) || name.equals(prefix)) {
                    continue;
                }
                Optional<FileId> id = FileId.of(p);
                if (id.isEmpty() || followed.contains(id.get()) || !Files.isRegularFile(p) || Files.size(p) < offset) {
                    continue;
                }
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                    if (!fingerprint.matches(ch)) {
                        continue;
                    }
                }
                FileTime time = Files.getLastModifiedTime(p);
                if (bestTime == null || time.compareTo(bestTime) > 0) {
                    best = p;
                    bestTime = time;
                }
            }
        }
        return best == null ? Optional.empty() : open(best);
    }

    /** Where "start at end" starts: after the last complete line, or inside a line longer than the window. */
    record Start(long offset, boolean skipping) {
    }

    /**
     * Just after the last newline before {@code size}, looking back at most {@code window} bytes; beyond that, at
     * {@code size} skipping the rest of that (over-long) line.
     */
    static Start endOfLastLine(FileChannel channel, long size, int window) throws IOException {
        int len = (int) Math.min(size, window);
        ByteBuffer buffer = ByteBuffer.allocate(len);
        long from = size - len;
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, from + buffer.position()) < 0) {
                break;
            }
        }
        for (int i = buffer.position() - 1; i >= 0; i--) {
            if (buffer.get(i) == '\n') {
                return new Start(from + i + 1, false);
            }
        }
        // no newline: the first line is still being written (read it once complete), or one line is over the cap
        return len < window ? new Start(0, false) : new Start(size, true);
    }

    static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only
        }
    }
}
