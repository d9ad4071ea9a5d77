package io.edgeobs.model.manifest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestVerifierTest {

    @TempDir
    Path dir;

    private ManifestFixture fx;

    @BeforeEach
    void setUp() {
        fx = new ManifestFixture(dir);
        fx.writeFile("targets/node.yaml", "targets: [127.0.0.1:9100]\n");
        fx.writeFile("ca.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    }

    @Test
    void shouldVerifyASignedManifestAndKeepTheVerifiedFileBytes() throws Exception {
        // Given
        fx.writeSigned(fx.agentYaml(3, "targets/node.yaml", "ca.pem"));

        // When
        VerifiedManifest v = fx.verifier().verifyFile(fx.manifestFile, RollbackFloor.NONE);
        Files.writeString(dir.resolve("targets/node.yaml"), "changed after verification\n");

        // Then
        assertThat(v.version()).isEqualTo(3);
        assertThat(v.keyId()).isEqualTo(fx.signer.keyId());
        assertThat(v.sha256()).isEqualTo(Digests.sha256Hex(Files.readAllBytes(fx.manifestFile)));
        assertThat(v.manifest().schemas()).containsEntry("edgeobs.metrics", 3);
        assertThat(v.fileText("targets/node.yaml")).isEqualTo("targets: [127.0.0.1:9100]\n");
        assertThatThrownBy(() -> v.file("other.yaml")).hasMessageContaining("'other.yaml' is not a file");
    }

    @Test
    void shouldRefuseAManifestWithOneChangedByte() throws Exception {
        // Given
        fx.writeSigned(fx.agentYaml(3, "ca.pem"));
        byte[] bytes = Files.readAllBytes(fx.manifestFile);
        String text = new String(bytes, StandardCharsets.UTF_8);
        bytes[text.indexOf("edgeobs.metrics: 3") + "edgeobs.metrics: ".length()] = '4';
        Files.write(fx.manifestFile, bytes);

        // Then
        assertRefused(RefusalReason.SIGNATURE, "manifest signature does not verify with key " + fx.signer.keyId()
                + ": the manifest's bytes changed after signing");
    }

    @Test
    void shouldRefuseASignatureMadeWithAnotherKeyUnderATrustedKeyId() throws Exception {
        // Given: a forger signs with their own key but claims the trusted key's id
        KeyPair forger = Ed25519.generate();
        byte[] yaml = fx.agentYaml(3, "ca.pem").getBytes(StandardCharsets.UTF_8);
        ManifestSignature forged = new ManifestSignature(fx.signer.keyId(), Digests.sha256Hex(yaml),
                Ed25519.sign(forger.getPrivate(), yaml));
        new SignedManifest(yaml, forged).write(fx.manifestFile);

        // Then
        assertRefused(RefusalReason.SIGNATURE, "the signature itself is damaged or was not made with key " + fx.signer.keyId());
    }

    @Test
    void shouldRefuseAManifestSignedByAnUntrustedKey() throws Exception {
        // Given
        ManifestSigner stranger = new ManifestSigner(Ed25519.generate().getPrivate());
        stranger.sign(fx.agentYaml(3, "ca.pem").getBytes(StandardCharsets.UTF_8)).write(fx.manifestFile);

        // Then
        assertRefused(RefusalReason.UNTRUSTED_KEY, "signed by key " + stranger.keyId() + ", which is not trusted here (trusted: "
                + fx.signer.keyId() + ")");
    }

    @Test
    void shouldAcceptEitherKeyWhileKeysAreRotated() throws Exception {
        // Given
        ManifestSigner next = new ManifestSigner(Ed25519.generate().getPrivate());
        ManifestVerifier both = new ManifestVerifier(TrustedKeys.of(fx.key.getPublic(), next.publicKey()), ManifestTarget.ANY);
        fx.writeSigned(fx.agentYaml(3));
        VerifiedManifest old = both.verifyFile(fx.manifestFile, RollbackFloor.NONE);

        // When
        next.sign(fx.agentYaml(4).getBytes(StandardCharsets.UTF_8)).write(fx.manifestFile);
        VerifiedManifest rotated = both.verifyFile(fx.manifestFile, RollbackFloor.of(old));

        // Then
        assertThat(old.keyId()).isEqualTo(fx.signer.keyId());
        assertThat(rotated.keyId()).isEqualTo(next.keyId());
        assertThat(rotated.version()).isEqualTo(4);
    }

    @Test
    void shouldRefuseAManifestWhoseReferencedFileChanged() throws Exception {
        // Given
        fx.writeSigned(fx.agentYaml(3, "targets/node.yaml", "ca.pem"));
        Files.writeString(dir.resolve("targets/node.yaml"), "targets: [10.0.0.66:9100]\n");

        // Then
        assertRefused(RefusalReason.CHECKSUM, "referenced file targets/node.yaml has SHA-256 "
                + ManifestFixture.sha256("targets: [10.0.0.66:9100]\n") + " but the manifest lists "
                + ManifestFixture.sha256("targets: [127.0.0.1:9100]\n"));
    }

    @Test
    void shouldRefuseAManifestWhoseReferencedFileIsMissing() throws Exception {
        // Given
        fx.writeSigned(fx.agentYaml(3, "targets/node.yaml", "ca.pem"));
        Files.delete(dir.resolve("ca.pem"));

        // Then
        assertRefused(RefusalReason.MISSING_FILE, "referenced file ca.pem is missing");
    }

    @Test
    void shouldListEveryBadReferencedFile() throws Exception {
        // Given
        fx.writeSigned(fx.agentYaml(3, "targets/node.yaml", "ca.pem"));
        Files.delete(dir.resolve("ca.pem"));
        Files.writeString(dir.resolve("targets/node.yaml"), "x");

        // Then
        assertRefused(RefusalReason.MISSING_FILE, "2 referenced files failed: referenced file ca.pem is missing");
        assertRefused(RefusalReason.MISSING_FILE, "referenced file targets/node.yaml has SHA-256");
    }

    @Test
    void shouldRefuseAPathThatEscapesTheManifestDirectory() throws Exception {
        // Given: a signed manifest that names a file above its directory
        Path outside = Files.writeString(dir.getParent().resolve("outside-" + dir.getFileName()), "secret");
        fx.writeSigned(ManifestFixture.agentYaml(3, Map.of("../" + outside.getFileName(), ManifestFixture.sha256("secret"))));

        // Then
        assertRefused(RefusalReason.MALFORMED, "'..' is not allowed");
        Files.delete(outside);
    }

    @Test
    void shouldRefuseASymlinkThatLeadsOutOfTheManifestDirectory() throws Exception {
        // Given
        Path outside = Files.writeString(dir.getParent().resolve("outside-" + dir.getFileName()), "secret");
        Files.createSymbolicLink(dir.resolve("link.yaml"), outside);
        fx.writeSigned(ManifestFixture.agentYaml(3, Map.of("link.yaml", ManifestFixture.sha256("secret"))));

        // Then
        assertRefused(RefusalReason.MISSING_FILE, "outside the manifest's directory");
        Files.delete(outside);
    }

    @Test
    void shouldRefuseALowerVersionAsRollback() throws Exception {
        // Given
        fx.writeSigned(fx.agentYaml(5));
        VerifiedManifest inForce = fx.verifier().verifyFile(fx.manifestFile, RollbackFloor.NONE);
        fx.writeSigned(fx.agentYaml(4));

        // Then
        assertThatThrownBy(() -> fx.verifier().verifyFile(fx.manifestFile, RollbackFloor.of(inForce)))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.ROLLBACK))
                .hasMessage("manifest version 4 is older than version 5 in force; refused as a rollback (publish a version"
                        + " above 5 to change it)");
    }

    @Test
    void shouldRefuseChangedContentUnderTheVersionInForceButAcceptTheSameContent() throws Exception {
        // Given
        fx.writeSigned(fx.agentYaml(5));
        VerifiedManifest inForce = fx.verifier().verifyFile(fx.manifestFile, RollbackFloor.NONE);

        // When
        VerifiedManifest same = fx.verifier().verifyFile(fx.manifestFile, RollbackFloor.of(inForce));
        fx.writeSigned(fx.agentYaml(5).replace("0.01", "0.5"));

        // Then
        assertThat(same.sha256()).isEqualTo(inForce.sha256());
        assertThatThrownBy(() -> fx.verifier().verifyFile(fx.manifestFile, RollbackFloor.of(inForce)))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.ROLLBACK))
                .hasMessageContaining("version 5 is already in force with different content");
    }

    @Test
    void shouldRefuseAManifestForAnotherTarget() {
        // Given
        fx.writeSigned(fx.agentYaml(3));
        ManifestVerifier otherFleet = new ManifestVerifier(fx.trusted, ManifestTarget.agent("buses", Optional.empty()));
        ManifestVerifier otherType = new ManifestVerifier(fx.trusted, ManifestTarget.agent("trams", Optional.of("bus-arm")));
        ManifestVerifier gateway = new ManifestVerifier(fx.trusted, ManifestTarget.gateway("trams"));

        // Then
        assertThatThrownBy(() -> otherFleet.verifyFile(fx.manifestFile, RollbackFloor.NONE))
                .hasMessage("manifest is for fleet trams, but this service belongs to fleet buses");
        assertThatThrownBy(() -> otherType.verifyFile(fx.manifestFile, RollbackFloor.NONE))
                .hasMessage("manifest is for device type tram-x86, but this device is a bus-arm");
        assertThatThrownBy(() -> gateway.verifyFile(fx.manifestFile, RollbackFloor.NONE))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.WRONG_TARGET))
                .hasMessage("manifest is a AgentManifest, but this service reads a GatewayManifest");
    }

    @Test
    void shouldRefuseAnUnsignedOrAbsentManifest() throws Exception {
        // Given
        Files.writeString(fx.manifestFile, fx.agentYaml(3));

        // Then
        assertRefused(RefusalReason.SIGNATURE, "is not signed: there is no manifest.yaml.sig beside it");
        Files.delete(fx.manifestFile);
        assertRefused(RefusalReason.UNAVAILABLE, "manifest file " + fx.manifestFile + " does not exist");
    }

    @Test
    void shouldRefuseReferencedFilesAboveTheSizeLimit() throws Exception {
        // Given
        fx.writeFile("big.bin", "x".repeat(2048));
        fx.writeSigned(fx.agentYaml(3, "big.bin"));
        ManifestVerifier small = new ManifestVerifier(fx.trusted, ManifestTarget.ANY, new ManifestLimits(4096, 1024, 1024));

        // Then
        assertThatThrownBy(() -> small.verifyFile(fx.manifestFile, RollbackFloor.NONE))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOO_LARGE))
                .hasMessageContaining("referenced file big.bin (" + dir.resolve("big.bin").toRealPath()
                        + ") is larger than the limit of 1024 bytes");
    }

    @Test
    void shouldRefuseAManifestThatIsSignedButMalformed() {
        // Given
        fx.writeSigned(fx.agentYaml(3).replace("fleet: trams", "fleet: [trams]"));

        // Then
        assertRefused(RefusalReason.MALFORMED, "manifest is malformed: fleet: must be a string, not a list");
    }

    private void assertRefused(RefusalReason reason, String message) {
        assertThatThrownBy(() -> fx.verifier().verifyFile(fx.manifestFile, RollbackFloor.NONE))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(message);
    }
}
