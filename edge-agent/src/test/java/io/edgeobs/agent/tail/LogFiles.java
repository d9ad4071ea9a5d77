package io.edgeobs.agent.tail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Writing log files the way applications and logrotate do. */
final class LogFiles {

    private LogFiles() {
    }

    /** Appends JSON lines {@code {"ts":...,"level":"info","msg":"<prefix> <n>","seq":n}} for n in [from, to). */
    static List<String> appendLines(Path file, String prefix, int from, int to) {
        List<String> messages = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int n = from; n < to; n++) {
            String msg = prefix + " " + n;
            messages.add(msg);
            sb.append("{\"ts\":\"2026-12-03T10:00:00.").append(String.format("%06d", n % 1_000_000))
                    .append("Z\",\"level\":\"info\",\"msg\":\"").append(msg).append("\",\"seq\":").append(n).append("}\n");
        }
        append(file, sb.toString());
        return messages;
    }

    static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** logrotate's default: rename the live file, the application opens a new one at the same path. */
    static void renameRotate(Path file, Path rotated) {
        try {
            Files.move(file, rotated, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** logrotate's copytruncate: copy the live file aside, then truncate it in place (same inode). */
    static void copyTruncate(Path file, Path copy) {
        try {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
