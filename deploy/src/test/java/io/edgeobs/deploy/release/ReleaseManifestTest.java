package io.edgeobs.deploy.release;

import io.edgeobs.model.manifest.Ed25519;
import io.edgeobs.model.manifest.ManifestException;
import io.edgeobs.model.manifest.ManifestSigner;
import io.edgeobs.model.manifest.ManifestTarget;
import io.edgeobs.model.manifest.ManifestVerifier;
import io.edgeobs.model.manifest.RefusalReason;
import io.edgeobs.model.manifest.RollbackFloor;
import io.edgeobs.model.manifest.SignedManifest;
import io.edgeobs.model.manifest.TrustedKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseManifestTest {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path root;
    KeyPair releaseKey;
    ManifestSigner signer;

    @BeforeEach
    void builtModule() throws IOException {
        // Given a built deployable module: its fast-jar, jar, SBOM and the digest Jib wrote for its image
        ReleaseFixture.builtModule(root, "edge-agent", "0.1.0", DIGEST);
        releaseKey = Ed25519.generate();
        signer = new ManifestSigner(releaseKey.getPrivate());
    }

    @Test
    void shouldVerifyASignedReleaseAndEveryArtifactItLists() {
        // Given
        SignedManifest signed = signer.sign(release());

        // When
        ReleaseVerifier.VerifiedRelease r = new ReleaseVerifier(TrustedKeys.of(releaseKey.getPublic())).verify(signed, root);

        // Then
        assertThat(r.spec().commit()).isEqualTo(COMMIT);
        assertThat(r.spec().artifacts()).extracting(ReleaseSpec.Artifact::path).containsExactly(
                "edge-agent/target/bom.json",
                "edge-agent/target/edge-agent-0.1.0.jar",
                "edge-agent/target/quarkus-app/app/edge-agent-0.1.0.jar",
                "edge-agent/target/quarkus-app/lib/main/io.edgeobs.telemetry-model-0.1.0.jar",
                "edge-agent/target/quarkus-app/quarkus-run.jar",
                "edge-agent/target/quarkus-app/quarkus/generated-bytecode.jar");
        assertThat(r.spec().artifacts().get(4).sha256()).isEqualTo(Sha256Hex.of("quarkus-run.jar of edge-agent"));
        assertThat(r.spec().artifacts().get(4).size()).isEqualTo("quarkus-run.jar of edge-agent".length());
        assertThat(r.spec().images()).containsExactly(new ReleaseSpec.Image("registry.example/edgeobs/edge-agent",
                "0.1.0", DIGEST, List.of("linux/amd64", "linux/arm64")));
        assertThat(r.manifest().keyId()).isEqualTo(signer.keyId());
    }

    @Test
    void shouldRefuseAReleaseWhoseArtifactChangedAfterSigning() throws IOException {
        // Given a signed release, then one byte of one artifact changed
        SignedManifest signed = signer.sign(release());
        Path jar = root.resolve("edge-agent/target/quarkus-app/quarkus-run.jar");
        byte[] bytes = Files.readAllBytes(jar);
        bytes[0] ^= 1;
        Files.write(jar, bytes);

        // When / Then
        assertThatThrownBy(() -> new ReleaseVerifier(TrustedKeys.of(releaseKey.getPublic())).verify(signed, root))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.CHECKSUM))
                .hasMessageContaining("edge-agent/target/quarkus-app/quarkus-run.jar");
    }

    @Test
    void shouldRefuseAReleaseWithAMissingArtifact() throws IOException {
        // Given
        SignedManifest signed = signer.sign(release());
        Files.delete(root.resolve("edge-agent/target/bom.json"));

        // When / Then
        assertThatThrownBy(() -> new ReleaseVerifier(TrustedKeys.of(releaseKey.getPublic())).verify(signed, root))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.MISSING_FILE))
                .hasMessageContaining("edge-agent/target/bom.json");
    }

    @Test
    void shouldRefuseAReleaseManifestChangedAfterSigning() {
        // Given a signature, then the manifest's listed digest of one artifact replaced
        byte[] yaml = release();
        SignedManifest signed = signer.sign(yaml);
        String text = new String(yaml, StandardCharsets.UTF_8);
        String honest = Sha256Hex.of("quarkus-run.jar of edge-agent");
        byte[] forged = text.replace(honest, "0".repeat(64)).getBytes(StandardCharsets.UTF_8);
        assertThat(forged).isNotEqualTo(yaml);

        // When / Then
        assertThatThrownBy(() -> new ReleaseVerifier(TrustedKeys.of(releaseKey.getPublic()))
                .verify(new SignedManifest(forged, signed.signature()), root))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.SIGNATURE))
                .hasMessageContaining("changed after signing");
    }

    @Test
    void shouldRefuseAReleaseSignedByAKeyThatIsNotTrusted() {
        // Given
        SignedManifest signed = new ManifestSigner(Ed25519.generate().getPrivate()).sign(release());

        // When / Then
        assertThatThrownBy(() -> new ReleaseVerifier(TrustedKeys.of(releaseKey.getPublic())).verify(signed, root))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.UNTRUSTED_KEY));
    }

    @Test
    void shouldNotBeAcceptedByADeviceAsItsManifest() {
        // Given a release signed with a key a device would also trust (a mistake the kind guards against)
        SignedManifest signed = signer.sign(release());
        ManifestVerifier device = new ManifestVerifier(TrustedKeys.of(releaseKey.getPublic()),
                ManifestTarget.agent("stable", Optional.empty()));

        // When / Then
        assertThatThrownBy(() -> device.verify(signed, root, RollbackFloor.NONE))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.WRONG_TARGET))
                .hasMessageContaining("ReleaseManifest");
    }

    @Test
    void shouldWriteTheSameBytesForTheSameRelease() {
        // When the same build is listed twice
        byte[] first = release();
        byte[] second = release();

        // Then the bytes, hence what is signed, are the same
        assertThat(second).isEqualTo(first);
        assertThat(new String(first, StandardCharsets.UTF_8)).startsWith("apiVersion: \"edgeobs/v1\"\nkind: \"ReleaseManifest\"\n");
    }

    private byte[] release() {
        ReleaseSpec spec = new ReleaseScanner(root, List.of("edge-agent")).scan(COMMIT, "0.1.0", "registry.example");
        return ReleaseManifest.write(7, "stable", "0.1.0", spec);
    }
}
