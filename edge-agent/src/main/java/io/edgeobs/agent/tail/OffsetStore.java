package io.edgeobs.agent.tail;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.edgeobs.durablelog.AtomicFile;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A source's read positions, one JSON file ({@code <data-dir>/tail/<source>.offsets.json}) written atomically
 * ({@link AtomicFile}: write, fsync, rename, fsync the directory), so a crash leaves the previous or the new
 * positions, never a mix. A position is written only once the lines before it are durable in the agent's buffer.
 */
final class OffsetStore {

    static final int VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /**
     * Where one file is read up to.
     *
     * @param path      the path the file was found at (it may have been renamed since)
     * @param offset    everything before it is delivered (or was skipped: blank lines, the rest of a cut line)
     * @param skipping  the offset is inside a line that was cut at the cap; read on from its newline
     * @param gone      the file had been renamed or deleted away from its path already (its rotation was counted)
     */
    @RegisterForReflection // read and written by Jackson, also in a native image
    record Entry(long dev, long ino, String path, long offset, boolean skipping, int fingerprintLength,
                 String fingerprint, boolean gone) {

        FileId id() {
            return new FileId(dev, ino);
        }

        Fingerprint fingerprintValue() {
            return new Fingerprint(fingerprintLength, fingerprint);
        }
    }

    @RegisterForReflection
    record State(int version, List<Entry> files) {
    }

    private final Path file;

    OffsetStore(Path dir, String source) {
        this.file = dir.resolve(source + ".offsets.json");
    }

    Path file() {
        return file;
    }

    /**
     * The positions written last, or empty if this source never ran here.
     *
     * @throws IOException also when the file is not a state file (edited by hand): the caller decides what that costs
     */
    Optional<List<Entry>> load() throws IOException {
        Optional<String> text = AtomicFile.read(file);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            State state = JSON.readValue(text.get(), State.class);
            if (state.version() != VERSION || state.files() == null) {
                throw new IOException(file + " has version " + state.version() + ", this agent reads " + VERSION);
            }
            return Optional.of(state.files());
        } catch (JacksonException e) {
            throw new IOException(file + " is not a tail offset file: " + e.getOriginalMessage(), e);
        }
    }

    void save(List<Entry> entries) throws IOException {
        Files.createDirectories(file.getParent());
        AtomicFile.write(file, JSON.writeValueAsString(new State(VERSION, entries)));
    }

    /** Moves an unreadable state file aside (kept for a look) so the next save starts clean. */
    void quarantine() throws IOException {
        Files.move(file, file.resolveSibling(file.getFileName() + ".unreadable"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
