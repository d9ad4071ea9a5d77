package io.edgeobs.model.manifest;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Objects;

/**
 * Verifies a signed manifest, cheapest and least trusting check first: size; the key id is trusted; the
 * Ed25519 signature over the exact bytes; only then the YAML is parsed (strictly); the manifest is for this target;
 * it is no rollback; every referenced file is inside the manifest's directory and has the listed SHA-256.
 * Each failure is a {@link ManifestException} whose {@link RefusalReason} is the metric tag.
 */
public final class ManifestVerifier {

    private final TrustedKeys trusted;
    private final ManifestTarget target;
    private final ManifestLimits limits;
    private final ManifestParser parser;

    public ManifestVerifier(TrustedKeys trusted, ManifestTarget target, ManifestLimits limits) {
        this.trusted = Objects.requireNonNull(trusted, "trusted");
        this.target = Objects.requireNonNull(target, "target");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.parser = new ManifestParser(limits);
    }

    public ManifestVerifier(TrustedKeys trusted, ManifestTarget target) {
        this(trusted, target, ManifestLimits.DEFAULTS);
    }

    public ManifestLimits limits() {
        return limits;
    }

    public TrustedKeys trusted() {
        return trusted;
    }

    /** Reads {@code manifestFile} and its {@code .sig} and verifies them, files relative to its directory. */
    public VerifiedManifest verifyFile(Path manifestFile, RollbackFloor floor) {
        Path dir = manifestFile.toAbsolutePath().getParent();
        return verify(SignedManifest.read(manifestFile, limits), dir, floor);
    }

    /**
     * Verifies a signed manifest whose referenced files are relative to {@code baseDir}.
     *
     * @throws ManifestException with the reason it is refused
     */
    public VerifiedManifest verify(SignedManifest signed, Path baseDir, RollbackFloor floor) {
        byte[] bytes = signed.manifest();
        if (bytes.length > limits.maxManifestBytes()) {
            throw new ManifestException(RefusalReason.TOO_LARGE, "manifest is " + bytes.length
                    + " bytes, above the limit of " + limits.maxManifestBytes() + " bytes");
        }
        ManifestSignature sig = signed.signature();
        PublicKey key = trusted.key(sig.keyId()).orElseThrow(() -> new ManifestException(RefusalReason.UNTRUSTED_KEY,
                "manifest is signed by key " + sig.keyId() + ", which is not trusted here (trusted: "
                        + String.join(", ", trusted.keyIds()) + "); add its public key to the trusted keys, or sign with a"
                        + " trusted key"));
        String sha256 = Digests.sha256Hex(bytes);
        if (!Ed25519.verify(key, bytes, sig.signature())) {
            String why = sig.manifestSha256().equals(sha256)
                    ? "the signature itself is damaged or was not made with key " + sig.keyId()
                    : "the manifest's bytes changed after signing (signed content had SHA-256 " + sig.manifestSha256()
                    + ", this content has " + sha256 + ")";
            throw new ManifestException(RefusalReason.SIGNATURE, "manifest signature does not verify with key "
                    + sig.keyId() + ": " + why + "; sign the manifest again");
        }
        Manifest manifest = parser.parse(bytes);
        target.check(manifest);
        floor.check(manifest, sha256);
        ReferencedFiles.Checked files = ReferencedFiles.check(manifest, baseDir, limits);
        return new VerifiedManifest(manifest, signed, sha256, baseDir.toAbsolutePath().normalize(), files);
    }
}
