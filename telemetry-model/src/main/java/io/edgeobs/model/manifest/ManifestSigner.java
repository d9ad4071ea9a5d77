package io.edgeobs.model.manifest;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;

/** Signs manifests' exact bytes with an Ed25519 private key. */
public final class ManifestSigner {

    private final PrivateKey key;
    private final PublicKey publicKey;
    private final String keyId;

    public ManifestSigner(PrivateKey key) {
        this.key = key;
        this.publicKey = Ed25519.publicKeyOf(key);
        this.keyId = Ed25519.keyId(publicKey);
    }

    public String keyId() {
        return keyId;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** Signs the bytes as they are, without looking at them. */
    public SignedManifest sign(byte[] manifest) {
        return new SignedManifest(manifest, new ManifestSignature(keyId, Digests.sha256Hex(manifest),
                Ed25519.sign(key, manifest)));
    }

    /**
     * Signs a manifest only if it would verify: it parses strictly and every referenced file under {@code baseDir}
     * has the listed SHA-256. So mistakes show up where the manifest is signed, not on the devices.
     *
     * @throws ManifestException what is wrong with the manifest
     */
    public SignedManifest signChecked(byte[] manifest, Path baseDir, ManifestLimits limits) {
        Manifest parsed = new ManifestParser(limits).parse(manifest);
        ReferencedFiles.check(parsed, baseDir, limits);
        return sign(manifest);
    }
}
