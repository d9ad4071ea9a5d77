package io.edgeobs.model.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The rules for a referenced file's path: relative, forward slashes, inside the manifest's directory. The check is
 * done twice: on the text when the manifest is parsed (no {@code ..}, no absolute path), and on the file system when
 * it is verified (a symlink must not lead out of the directory).
 */
final class FilePaths {

    private FilePaths() {
    }

    /** What is wrong with the path as written, if anything. */
    static Optional<String> problem(String path) {
        if (path.isEmpty() || path.length() > 1024) {
            return Optional.of("a file path is 1 to 1024 characters");
        }
        if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
            return Optional.of("a file path has no control characters or backslashes; use '/' between directories");
        }
        if (path.startsWith("/") || path.matches("^[A-Za-z]:.*")) {
            return Optional.of("must be a path relative to the manifest's directory, not an absolute one");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..")) {
                return Optional.of("'..' is not allowed: a referenced file must be inside the manifest's directory");
            }
            if (segment.isEmpty() || segment.equals(".")) {
                return Optional.of("empty and '.' path segments are not allowed; write the path plainly (a/b.yaml)");
            }
        }
        return Optional.empty();
    }

    /**
     * The file a checked path names under {@code baseDir}, or a {@link RefusalReason#MISSING_FILE} exception if it
     * is absent, not a regular file, or resolves (through a symlink) outside the directory.
     */
    static Path resolve(Path baseDir, String path) {
        Path base = baseDir.toAbsolutePath().normalize();
        Path file = base.resolve(path).normalize();
        if (!file.startsWith(base)) {
            throw ManifestException.malformed(YamlPaths.child("files", path), "leads outside the manifest's directory");
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            throw new ManifestException(RefusalReason.MISSING_FILE, "referenced file " + path + " is missing (looked for "
                    + file + "); put it beside the manifest or remove it from files:");
        }
        try {
            Path real = file.toRealPath();
            if (!real.startsWith(base.toRealPath())) {
                throw new ManifestException(RefusalReason.MISSING_FILE, "referenced file " + path + " resolves to " + real
                        + ", outside the manifest's directory " + base + " (a symlink); referenced files must be inside it");
            }
            if (!Files.isRegularFile(real)) {
                throw new ManifestException(RefusalReason.MISSING_FILE, "referenced file " + path
                        + " is not a regular file (" + file + ")");
            }
            return real;
        } catch (IOException e) {
            throw new ManifestException(RefusalReason.MISSING_FILE, "referenced file " + path + " cannot be read ("
                    + file + "): " + e.getMessage(), e);
        }
    }
}
