package io.edgeobs.agent.tail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;

/**
 * Which file a path names: device and inode, so a file keeps its identity when it is renamed (rotation by rename).
 * A path that is a symbolic link names the file it points to.
 */
record FileId(long dev, long ino) {

    /** The file at {@code path} now, or empty if there is none (deleted, or renamed away and not yet replaced). */
    static Optional<FileId> of(Path path) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
            return Optional.of(new FileId(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue()));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (UnsupportedOperationException | IllegalArgumentException notUnix) {
            // not a POSIX file system: the platform's own file key is the best identity there is
            try {
                Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
                return Optional.of(new FileId(0, key == null ? path.toAbsolutePath().hashCode() : key.hashCode()));
            } catch (NoSuchFileException gone) {
                return Optional.empty();
            }
        }
    }

    @Override
    public String toString() {
        return dev + ":" + ino;
    }
}
