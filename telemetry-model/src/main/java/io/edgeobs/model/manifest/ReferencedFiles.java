package io.edgeobs.model.manifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads and checks the files a manifest references, relative to its directory. The bytes are kept, so a consumer
 * uses exactly what was verified even if the file changes afterwards; each file's stamp (size, modification time)
 * is taken before it is read, so a watcher that compares stamps notices any later change.
 */
final class ReferencedFiles {

    /** Size and modification time of a file, to tell cheaply whether it may have changed. */
    record Stamp(long size, long modifiedNanos, Object fileKey) {

        static Optional<Stamp> of(Path file) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return Optional.of(new Stamp(a.size(), a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                        a.fileKey()));
            } catch (IOException e) {
                return Optional.empty();
            }
        }
    }

    /** The verified content and stamps of every referenced file. */
    record Checked(Map<String, byte[]> contents, Map<String, Optional<Stamp>> stamps) {
    }

    private ReferencedFiles() {
    }

    /** All files checked; every problem is listed in one exception whose reason is the first problem's. */
    static Checked check(Manifest manifest, Path baseDir, ManifestLimits limits) {
        Map<String, byte[]> contents = new TreeMap<>();
        Map<String, Optional<Stamp>> stamps = new TreeMap<>();
        List<ManifestException> problems = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, String> e : manifest.files().entrySet()) {
            String path = e.getKey();
            try {
                Path file = FilePaths.resolve(baseDir, path);
                stamps.put(path, Stamp.of(file));
                byte[] data = Digests.readBounded(file, limits.maxFileBytes(), "referenced file " + path);
                total += data.length;
                if (total > limits.maxTotalFileBytes()) {
                    throw new ManifestException(RefusalReason.TOO_LARGE, "the referenced files together are larger than "
                            + "the limit of " + limits.maxTotalFileBytes() + " bytes");
                }
                String actual = Digests.sha256Hex(data);
                if (!actual.equals(e.getValue())) {
                    throw new ManifestException(RefusalReason.CHECKSUM, "referenced file " + path + " has SHA-256 "
                            + actual + " but the manifest lists " + e.getValue() + ": it is not the file the manifest was made for; "
                            + "if the new file is intended, put its hash in files: ('edgeobs manifest hash FILE') and sign"
                            + " the manifest again");
                }
                contents.put(path, data);
            } catch (ManifestException ex) {
                problems.add(ex);
            } catch (IOException ex) {
                problems.add(new ManifestException(RefusalReason.MISSING_FILE, "referenced file " + path
                        + " cannot be read: " + ex, ex));
            }
        }
        if (!problems.isEmpty()) {
            String message = problems.size() == 1 ? problems.get(0).getMessage()
                    : problems.size() + " referenced files failed: " + String.join("; ",
                    problems.stream().map(Throwable::getMessage).toList());
            throw new ManifestException(problems.get(0).reason(), message);
        }
        return new Checked(Collections.unmodifiableMap(contents), Collections.unmodifiableMap(stamps));
    }

    /** Whether every file still has the stamp it had when it was checked (absent stamps never match). */
    static boolean unchanged(Path baseDir, Map<String, Optional<Stamp>> stamps) {
        for (Map.Entry<String, Optional<Stamp>> e : stamps.entrySet()) {
            if (e.getValue().isEmpty()) {
                return false;
            }
            Path file = baseDir.toAbsolutePath().normalize().resolve(e.getKey()).normalize();
            if (!e.getValue().equals(Stamp.of(file))) {
                return false;
            }
        }
        return true;
    }
}
