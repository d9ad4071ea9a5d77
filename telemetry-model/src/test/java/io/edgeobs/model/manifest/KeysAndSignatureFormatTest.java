package io.edgeobs.model.manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KeysAndSignatureFormatTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteAPrivateKeyOnlyItsOwnerCanReadAndReadBothKeysBack() throws Exception {
        // Given
        KeyPair pair = Ed25519.generate();
        Path priv = dir.resolve("fleet.key");
        Path pub = dir.resolve("fleet.pub");

        // When
        KeyFiles.writePrivateKey(priv, pair.getPrivate(), false);
        KeyFiles.writePublicKey(pub, pair.getPublic(), false);

        // Then
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        assertThat(Files.readString(pub)).startsWith("# edgeobs manifest public key " + Ed25519.keyId(pair.getPublic()))
                .contains("-----BEGIN PUBLIC KEY-----");
        ManifestSigner signer = new ManifestSigner(KeyFiles.readPrivateKey(priv));
        assertThat(signer.keyId()).isEqualTo(Ed25519.keyId(pair.getPublic()));
        assertThat(KeyFiles.readPublicKeys(pub)).containsExactly(pair.getPublic());
        assertThatThrownBy(() -> KeyFiles.writePrivateKey(priv, pair.getPrivate(), false))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("exists; choose another name or pass --force");
    }

    @Test
    void shouldTrustSeveralKeysFromPemAndRawBase64InFilesAndDirectories() throws Exception {
        // Given
        KeyPair a = Ed25519.generate();
        KeyPair b = Ed25519.generate();
        KeyPair c = Ed25519.generate();
        Path trustDir = Files.createDirectories(dir.resolve("trusted"));
        KeyFiles.writePublicKey(trustDir.resolve("a.pub"), a.getPublic(), false);
        Files.writeString(trustDir.resolve("b-and-c.pem"), "# rotation: old and new\n"
                + Base64.getEncoder().encodeToString(Ed25519.raw(b.getPublic())) + " old key\n"
                + KeyFiles.pem("PUBLIC KEY", c.getPublic().getEncoded()));
        Files.writeString(trustDir.resolve("README"), "not a key");

        // When
        TrustedKeys trusted = TrustedKeys.load(List.of(trustDir));

        // Then
        assertThat(trusted.keyIds()).containsExactlyInAnyOrder(Ed25519.keyId(a.getPublic()), Ed25519.keyId(b.getPublic()),
                Ed25519.keyId(c.getPublic()));
        assertThat(trusted.key(Ed25519.keyId(b.getPublic()))).contains(b.getPublic());
    }

    @Test
    void shouldExplainKeyFilesThatCannotBeUsed() throws Exception {
        // Given
        KeyPair pair = Ed25519.generate();
        Path priv = dir.resolve("x.key");
        KeyFiles.writePrivateKey(priv, pair.getPrivate(), false);
        Path garbage = Files.writeString(dir.resolve("g.pub"), "hello world!\n");
        Path empty = Files.writeString(dir.resolve("e.pub"), "# nothing\n");

        // Then
        assertThatThrownBy(() -> TrustedKeys.load(List.of(priv))).hasMessageContaining("holds a private key; trust needs only the public key");
        assertThatThrownBy(() -> TrustedKeys.load(List.of(garbage))).hasMessageContaining("line 'hello world!' is neither a comment, PEM nor a base64 public key");
        assertThatThrownBy(() -> TrustedKeys.load(List.of(empty))).hasMessageContaining("holds no public key");
        assertThatThrownBy(() -> TrustedKeys.load(List.of(dir.resolve("nope.pub")))).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> KeyFiles.readPrivateKey(dir.resolve("g.pub"))).hasMessageContaining("holds no 'PRIVATE KEY' PEM blocks");
        assertThatThrownBy(() -> TrustedKeys.load(List.of())).hasMessageContaining("no trusted public key");
    }

    @Test
    void shouldRoundTripTheDetachedSignatureAndTheWireForm() {
        // Given
        ManifestSigner signer = new ManifestSigner(Ed25519.generate().getPrivate());
        SignedManifest signed = signer.sign("apiVersion: edgeobs/v1\n".getBytes(StandardCharsets.UTF_8));

        // When
        ManifestSignature sig = ManifestSignature.parse(signed.signature().toJson());
        SignedManifest wire = SignedManifest.fromWire(signed.toWire(), ManifestLimits.DEFAULTS);

        // Then
        assertThat(sig).isEqualTo(signed.signature());
        assertThat(wire).isEqualTo(signed);
        assertThat(new String(signed.signature().toJson(), StandardCharsets.UTF_8))
                .contains("\"format\" : \"edgeobs.manifest-signature/v1\"", "\"algorithm\" : \"Ed25519\"",
                        "\"keyId\" : \"" + signer.keyId() + "\"", "\"manifestSha256\" : \"" + signed.sha256() + "\"");
    }

    @Test
    void shouldRefuseMalformedSignatureAndWireDocuments() {
        assertMalformed(() -> ManifestSignature.parse("nope".getBytes()), "signature document is not JSON");
        assertMalformed(() -> ManifestSignature.parse("{} {}".getBytes()), "signature document is not JSON");
        assertMalformed(() -> ManifestSignature.parse("{\"format\":\"x\"}".getBytes()), "format must be 'edgeobs.manifest-signature/v1'");
        assertMalformed(() -> ManifestSignature.parse(("{\"format\":\"edgeobs.manifest-signature/v1\",\"algorithm\":\"RSA\"}").getBytes()),
                "algorithm must be 'Ed25519', not 'RSA'");
        assertMalformed(() -> ManifestSignature.parse(("{\"format\":\"edgeobs.manifest-signature/v1\",\"algorithm\":\"Ed25519\","
                + "\"keyId\":\"0123456789abcdef\",\"manifestSha256\":\"" + "0".repeat(64) + "\",\"signature\":\"AAAA\"}").getBytes()),
                "signature must be 64 bytes");
        assertMalformed(() -> ManifestSignature.parse("{\"format\":\"edgeobs.manifest-signature/v1\",\"extra\":1}".getBytes()),
                "unknown field 'extra'");
        assertMalformed(() -> SignedManifest.fromWire("{\"manifest\":\"YQ==\"}".getBytes(), ManifestLimits.DEFAULTS),
                "must be a JSON object with \"format\": \"edgeobs.signed-manifest/v1\"");
        assertThatThrownBy(() -> SignedManifest.fromWire(new byte[20_000], new ManifestLimits(1024, 1024, 1024)))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOO_LARGE));
    }

    @Test
    void shouldInteroperateWithOpenSslKeysAndSignatures() throws Exception {
        // Given: a key and a signature made by OpenSSL (skipped where openssl is not installed)
        assumeTrue(run("openssl", "version") == 0, "openssl is not installed");
        Path key = dir.resolve("openssl.key");
        Path pub = dir.resolve("openssl.pub");
        Path data = Files.writeString(dir.resolve("m.yaml"), "apiVersion: edgeobs/v1\n");
        Path sig = dir.resolve("m.sig.bin");
        assertThat(run("openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString())).isZero();
        assertThat(run("openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString())).isZero();
        assertThat(run("openssl", "pkeyutl", "-sign", "-rawin", "-inkey", key.toString(), "-in", data.toString(),
                "-out", sig.toString())).isZero();

        // When
        ManifestSigner signer = new ManifestSigner(KeyFiles.readPrivateKey(key));
        PublicKey opensslPublic = KeyFiles.readPublicKeys(pub).get(0);
        SignedManifest ours = signer.sign(Files.readAllBytes(data));
        Files.write(dir.resolve("ours.sig.bin"), ours.signature().signature());

        // Then: OpenSSL's signature verifies here, ours verifies in OpenSSL, and the derived public key is OpenSSL's
        assertThat(Ed25519.verify(opensslPublic, Files.readAllBytes(data), Files.readAllBytes(sig))).isTrue();
        assertThat(signer.publicKey()).isEqualTo(opensslPublic);
        assertThat(run("openssl", "pkeyutl", "-verify", "-rawin", "-pubin", "-inkey", pub.toString(), "-in", data.toString(),
                "-sigfile", dir.resolve("ours.sig.bin").toString())).isZero();
    }

    private static void assertMalformed(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.MALFORMED))
                .hasMessageContaining(message);
    }

    private int run(String... command) throws Exception {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("openssl.log").toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (java.io.IOException e) {
            return -1;
        }
    }
}
