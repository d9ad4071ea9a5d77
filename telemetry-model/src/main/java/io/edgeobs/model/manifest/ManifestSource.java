package io.edgeobs.model.manifest;

import java.nio.file.Path;

/** Where a {@link ManifestWatcher} reads a signed manifest from. */
public interface ManifestSource {

    /** For logs and refusals: {@code file /etc/edgeobs/manifest.yaml}, {@code http://gw:8080/v1/manifests/trams}. */
    String describe();

    /** The directory the manifest's referenced files are relative to. */
    Path baseDir();

    /**
     * Whether a change seen here should settle for one poll before it is acted on: true for files, which are
     * written as two (manifest, then signature) and may be caught half-updated.
     */
    boolean settles();

    /**
     * The signed manifest as the source has it now (blocking I/O).
     *
     * @throws ManifestException {@link RefusalReason#UNAVAILABLE} when it cannot be read, or what is wrong with it
     */
    SignedManifest read(ManifestLimits limits);

    /** A manifest file with its {@code .sig} beside it; referenced files are relative to its directory. */
    static ManifestSource file(Path manifestFile) {
        Path absolute = manifestFile.toAbsolutePath().normalize();
        return new ManifestSource() {
            @Override
            public String describe() {
                return "file " + absolute;
            }

            @Override
            public Path baseDir() {
                return absolute.getParent();
            }

            @Override
            public boolean settles() {
                return true;
            }

            @Override
            public SignedManifest read(ManifestLimits limits) {
                return SignedManifest.read(absolute, limits);
            }
        };
    }
}
