package io.edgeobs.model.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * A manifest whose signature, key, target, version and referenced files were verified, with the verified bytes of
 * those files. Only {@link ManifestVerifier} makes one. Use {@link #file(String)} rather than reading a referenced
 * file again: the file on disk may have changed since.
 */
public final class VerifiedManifest {

    private final Manifest manifest;
    private final SignedManifest signed;
    private final String sha256;
    private final Path baseDir;
    private final ReferencedFiles.Checked files;

    VerifiedManifest(Manifest manifest, SignedManifest signed, String sha256, Path baseDir, ReferencedFiles.Checked files) {
        this.manifest = manifest;
        this.signed = signed;
        this.sha256 = sha256;
        this.baseDir = baseDir;
        this.files = files;
    }

    public Manifest manifest() {
        return manifest;
    }

    public long version() {
        return manifest.version();
    }

    /** The signed bytes and signature, to store or to serve again ({@link SignedManifest#toWire()}). */
    public SignedManifest signed() {
        return signed;
    }

    /** The key id of the trusted key that signed it. */
    public String keyId() {
        return signed.signature().keyId();
    }

    /** Lower-case hex SHA-256 of the manifest's bytes. */
    public String sha256() {
        return sha256;
    }

    /** The directory its referenced files were read from. */
    public Path baseDir() {
        return baseDir;
    }

    /** {@link Manifest#spec(Class)}. */
    public <T> T spec(Class<T> type) {
        return manifest.spec(type);
    }

    /** {@link Manifest#spec(Class, ObjectMapper)}. */
    public <T> T spec(Class<T> type, ObjectMapper mapper) {
        return manifest.spec(type, mapper);
    }

    /** The verified bytes of a referenced file (a copy). */
    public byte[] file(String path) {
        byte[] data = files.contents().get(path);
        if (data == null) {
            throw new IllegalArgumentException("'" + path + "' is not a file " + manifest.describe()
                    + " references (it references " + manifest.files().keySet() + ")");
        }
        return data.clone();
    }

    /** The verified content of a referenced file as UTF-8 text. */
    public String fileText(String path) {
        return new String(file(path), StandardCharsets.UTF_8);
    }

    Map<String, byte[]> fileContents() {
        return files.contents();
    }

    Map<String, Optional<ReferencedFiles.Stamp>> stamps() {
        return files.stamps();
    }

    /** Whether the referenced files on disk still look as they did when verified (same size and time). */
    boolean filesUnchangedOnDisk() {
        return ReferencedFiles.unchanged(baseDir, files.stamps());
    }

    @Override
    public String toString() {
        return manifest.describe() + " (sha256 " + sha256.substring(0, 12) + ", key " + keyId() + ")";
    }
}
