package io.edgeobs.deploy.release;

import io.edgeobs.model.manifest.ManifestException;
import io.edgeobs.model.manifest.ManifestKind;
import io.edgeobs.model.manifest.ManifestTarget;
import io.edgeobs.model.manifest.ManifestVerifier;
import io.edgeobs.model.manifest.RefusalReason;
import io.edgeobs.model.manifest.RollbackFloor;
import io.edgeobs.model.manifest.SignedManifest;
import io.edgeobs.model.manifest.TrustedKeys;
import io.edgeobs.model.manifest.VerifiedManifest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Verifies a signed release manifest and the artifacts it lists: first exactly what a device does for its manifest
 * ({@link ManifestVerifier}: trusted key, Ed25519 signature over the exact bytes, strict parse, kind
 * {@code ReleaseManifest}), then every artifact's SHA-256 and size, read as a stream from {@code baseDir}.
 * A refusal is a {@link ManifestException} with the reason and the artifact's path.
 */
public final class ReleaseVerifier {

    private static final ManifestTarget RELEASE = new ManifestTarget(Optional.of(ManifestKind.RELEASE),
            Optional.empty(), Optional.empty());

    private final ManifestVerifier verifier;

    public ReleaseVerifier(TrustedKeys trusted) {
        this.verifier = new ManifestVerifier(trusted, RELEASE);
    }

    /** A release whose signature and every artifact verified. */
    public record VerifiedRelease(VerifiedManifest manifest, ReleaseSpec spec) {
    }

    public VerifiedRelease verify(SignedManifest signed, Path baseDir) {
        VerifiedManifest v = verifier.verify(signed, baseDir, RollbackFloor.NONE);
        ReleaseSpec spec = v.spec(ReleaseSpec.class);
        Path base = baseDir.toAbsolutePath().normalize();
        for (ReleaseSpec.Artifact a : spec.artifacts()) {
            check(base, a);
        }
        return new VerifiedRelease(v, spec);
    }

    /** The signature only (trusted key, signature, strict parse, kind), not the artifacts. */
    public ReleaseSpec verifySignature(SignedManifest signed) {
        return verifier.verify(signed, Path.of("."), RollbackFloor.NONE).spec(ReleaseSpec.class);
    }

    private static void check(Path base, ReleaseSpec.Artifact a) {
        Path file = base.resolve(a.path()).normalize();
        if (!file.startsWith(base) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ManifestException(RefusalReason.MISSING_FILE, "release artifact " + a.path()
                    + " is not a file under " + base);
        }
        try {
            long size = Files.size(file);
            String sha = Sha256.of(file);
            if (size != a.size() || !sha.equals(a.sha256())) {
                throw new ManifestException(RefusalReason.CHECKSUM, "release artifact " + a.path() + " differs from"
                        + " the signed release: SHA-256 " + sha + " (" + size + " bytes), the release lists "
                        + a.sha256() + " (" + a.size() + " bytes)");
            }
        } catch (IOException e) {
            throw new ManifestException(RefusalReason.UNAVAILABLE, "cannot read release artifact " + a.path() + ": " + e, e);
        }
    }
}
