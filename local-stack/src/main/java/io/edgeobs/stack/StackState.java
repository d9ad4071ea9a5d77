package io.edgeobs.stack;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * What a running stack wrote about itself ({@code .edgeobs/stack.properties}): the launcher's pid and each
 * endpoint, so {@code down} and {@code status} from another terminal find it.
 */
record StackState(long pid, Map<String, String> endpoints) {

    void write(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(pid));
        int i = 0;
        for (Map.Entry<String, String> e : endpoints.entrySet()) {
            p.setProperty(String.format("endpoint.%02d.%s", i++, e.getKey()), e.getValue());
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp)) {
            p.store(w, "written by ./edgeobs up; removed when it stops");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static Optional<StackState> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("endpoint.")).sorted()
                .forEach(k -> endpoints.put(k.substring("endpoint.00.".length()), p.getProperty(k)));
        return Optional.of(new StackState(Long.parseLong(p.getProperty("pid", "-1")), endpoints));
    }

    boolean isRunning() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
