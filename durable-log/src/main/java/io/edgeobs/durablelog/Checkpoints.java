package io.edgeobs.durablelog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * A consumer's acknowledged offset in {@code consumers/<name>.checkpoint}, written atomically: write a temporary
 * file, fsync it, rename it over the old one, fsync the directory. A crash leaves either the old or the new value.
 */
final class Checkpoints {

    private Checkpoints() {
    }

    static OptionalLong read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return OptionalLong.empty();
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (!text.startsWith("acked=")) {
            throw new IOException("checkpoint " + file + " is not readable: '" + text + "'");
        }
        return OptionalLong.of(Long.parseLong(text.substring("acked=".length())));
    }

    static void write(Path file, long ackedOffset) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(("acked=" + ackedOffset + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        fsyncDirectory(file.getParent());
    }

    /** Makes a rename or a new file in {@code dir} durable (Linux needs the directory itself fsynced). */
    static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }
}
