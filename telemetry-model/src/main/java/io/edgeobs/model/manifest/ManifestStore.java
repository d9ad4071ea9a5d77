package io.edgeobs.model.manifest;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A copy of the last applied manifest on local disk, so that a restart without its source (gateway unreachable,
 * file gone) starts with it, and a source that offers an older signed manifest after the restart is refused as a
 * rollback. Layout: {@code <dir>/v<version>/manifest.yaml}, its {@code .sig} and the verified referenced files, so the
 * copy verifies on its own; written to a temp directory, fsynced and renamed, then older versions are deleted.
 */
final class ManifestStore {

    private static final Logger LOG = Logger.getLogger(ManifestStore.class);
    private static final String MANIFEST = "manifest.yaml";

    private final Path dir;

    ManifestStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    Path dir() {
        return dir;
    }

    /** The highest stored version that still verifies (key trusted, files intact), if any. */
    Optional<VerifiedManifest> load(ManifestVerifier verifier) {
        for (long version : versions()) {
            Path file = dir.resolve("v" + version).resolve(MANIFEST);
            try {
                VerifiedManifest v = verifier.verifyFile(file, RollbackFloor.NONE);
                if (v.version() == version) {
                    LOG.infof("manifest restored from %s: %s", file, v.manifest().describe());
                    return Optional.of(v);
                }
                LOG.warnf("stored manifest %s has version %d, not %d; ignored", file, v.version(), version);
            } catch (ManifestException e) {
                LOG.warnf("stored manifest %s no longer verifies (%s): %s", file, e.reason().tag(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    /** The highest version ever stored here, whether or not it still verifies: the rollback floor after a restart. */
    long highestVersion() {
        List<Long> v = versions();
        return v.isEmpty() ? 0 : v.get(0);
    }

    void save(VerifiedManifest m) throws IOException {
        Path target = dir.resolve("v" + m.version());
        Path tmp = dir.resolve(".tmp-v" + m.version());
        deleteTree(tmp);
        Files.createDirectories(tmp);
        write(tmp.resolve(MANIFEST), m.signed().manifest());
        write(tmp.resolve(MANIFEST + SignedManifest.SIGNATURE_SUFFIX), m.signed().signature().toJson());
        for (Map.Entry<String, byte[]> f : m.fileContents().entrySet()) {
            Path file = tmp.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            write(file, f.getValue());
        }
        deleteTree(target);
        Files.move(tmp, target);
        fsyncDirectory(dir);
        for (long old : versions()) {
            if (old != m.version()) {
                deleteTree(dir.resolve("v" + old));
            }
        }
    }

    private List<Long> versions() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("v[1-9][0-9]{0,18}"))
                    .map(n -> Long.parseLong(n.substring(1))).sorted(Comparator.reverseOrder()).toList();
        } catch (IOException | NumberFormatException e) {
            LOG.warnf("cannot list manifest store %s: %s", dir, e.toString());
            return List.of();
        }
    }

    private static void write(Path file, byte[] data) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(data));
            ch.force(true);
        }
    }

    private static void fsyncDirectory(Path d) {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debugf("cannot fsync directory %s: %s", d, e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
