package io.edgeobs.durablelog;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/** A consumer's acknowledged offset in {@code consumers/<name>.checkpoint}, written with {@link AtomicFile}. */
final class Checkpoints {

    private Checkpoints() {
    }

    static OptionalLong read(Path file) throws IOException {
        Optional<String> text = AtomicFile.read(file).map(String::trim);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        if (!text.get().startsWith("acked=")) {
            throw new IOException("checkpoint " + file + " is not readable: '" + text.get() + "'");
        }
        return OptionalLong.of(Long.parseLong(text.get().substring("acked=".length())));
    }

    static void write(Path file, long ackedOffset) throws IOException {
        AtomicFile.write(file, "acked=" + ackedOffset + "\n");
    }
}
