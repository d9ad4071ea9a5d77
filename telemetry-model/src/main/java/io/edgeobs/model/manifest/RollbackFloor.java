package io.edgeobs.model.manifest;

import java.util.Optional;

/**
 * The version a new manifest must not go below: the one in force. A lower version is refused; the same version
 * is accepted only with the same content (a changed manifest needs a higher version).
 *
 * @param version the version in force, 0 for none
 * @param sha256  the content id of the manifest in force, empty if only the number is known
 */
public record RollbackFloor(long version, Optional<String> sha256) {

    public static final RollbackFloor NONE = new RollbackFloor(0, Optional.empty());

    public RollbackFloor {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative, was " + version);
        }
    }

    /** Versions below {@code version} are refused. */
    public static RollbackFloor atLeast(long version) {
        return new RollbackFloor(version, Optional.empty());
    }

    public static RollbackFloor of(VerifiedManifest inForce) {
        return new RollbackFloor(inForce.version(), Optional.of(inForce.sha256()));
    }

    public static RollbackFloor of(Optional<VerifiedManifest> inForce) {
        return inForce.map(RollbackFloor::of).orElse(NONE);
    }

    void check(Manifest m, String sha256Of) {
        if (m.version() < version && sha256.isPresent()) {
            throw new ManifestException(RefusalReason.ROLLBACK, "manifest version " + m.version()
                    + " is older than version " + version + " in force; refused as a rollback (publish a version above "
                    + version + " to change it)");
        }
        if (m.version() < version) {
            throw new ManifestException(RefusalReason.ROLLBACK, "manifest version " + m.version()
                    + " is below version " + version + ", the lowest accepted here; refused as a rollback (publish version "
                    + version + " or above)");
        }
        if (m.version() == version && sha256.isPresent() && !sha256.get().equals(sha256Of)) {
            throw new ManifestException(RefusalReason.ROLLBACK, "manifest version " + m.version()
                    + " is already in force with different content; a changed manifest needs a version above " + version);
        }
    }
}
