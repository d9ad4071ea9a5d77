package io.edgeobs.model.manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestToolTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return new ManifestTool(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldGenerateSignAndVerifyEndToEnd() throws Exception {
        // Given
        Path prefix = dir.resolve("keys/fleet");
        Path targets = Files.writeString(dir.resolve("targets.yaml"), "targets: [127.0.0.1:9100]\n");
        Path manifest = dir.resolve("manifest.yaml");

        // When: keygen
        assertThat(run("keygen", "--out", prefix.toString())).isZero();
        String keyId = out().substring("key id ".length(), "key id ".length() + 16);

        // Then
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("keys/fleet.key")))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("keys/fleet.pub"))).contains(keyId, "BEGIN PUBLIC KEY");

        // When: hash, then write the manifest with its output, and sign it
        assertThat(run("hash", "--base", dir.toString(), targets.toString())).isZero();
        String filesBlock = out();
        Files.writeString(manifest, "apiVersion: edgeobs/v1\nkind: AgentManifest\nversion: 1\nfleet: trams\n" + filesBlock);
        int signed = run("sign", "--key", dir.resolve("keys/fleet.key").toString(), "--wire",
                dir.resolve("signed.json").toString(), manifest.toString());
        String signOut = out();

        // Then
        assertThat(filesBlock).isEqualTo("files:\n  targets.yaml: " + ManifestFixture.sha256("targets: [127.0.0.1:9100]\n") + "\n");
        assertThat(signed).as(err()).isZero();
        assertThat(signOut).startsWith("signed AgentManifest v1 for fleet trams with key " + keyId + " (1 referenced file checked)");
        assertThat(dir.resolve("manifest.yaml.sig")).exists();

        // When: verify the pair and the wire form
        int verified = run("verify", "--trust", dir.resolve("keys/fleet.pub").toString(), "--kind", "AgentManifest",
                "--fleet", "trams", manifest.toString());
        String verifyOut = out();
        int verifiedWire = run("verify", "--trust", dir.resolve("keys").toString(), dir.resolve("signed.json").toString());

        // Then
        assertThat(verified).as(err()).isZero();
        assertThat(verifyOut).startsWith("verified: AgentManifest v1 for fleet trams, signed by trusted key " + keyId
                + ", 1 referenced file matching");
        assertThat(verifiedWire).as(err()).isZero();
    }

    @Test
    void shouldExitOneWithTheReasonWhenVerificationFails() throws Exception {
        // Given
        assertThat(run("keygen", "--out", dir.resolve("a").toString())).isZero();
        assertThat(run("keygen", "--out", dir.resolve("b").toString())).isZero();
        Path targets = Files.writeString(dir.resolve("targets.yaml"), "x: 1\n");
        Path manifest = Files.writeString(dir.resolve("m.yaml"), "apiVersion: edgeobs/v1\nkind: GatewayManifest\n"
                + "version: 4\nfleet: trams\nfiles:\n  targets.yaml: " + ManifestFixture.sha256("x: 1\n") + "\n");
        assertThat(run("sign", "--key", dir.resolve("a.key").toString(), manifest.toString())).isZero();
        String a = dir.resolve("a.pub").toString();

        // Then
        assertRefused(run("verify", "--trust", dir.resolve("b.pub").toString(), manifest.toString()),
                "refused (untrusted_key): manifest is signed by key ");
        assertRefused(run("verify", "--trust", a, "--min-version", "5", manifest.toString()),
                "refused (rollback): manifest version 4 is below version 5, the lowest accepted here");
        assertRefused(run("verify", "--trust", a, "--kind", "AgentManifest", manifest.toString()),
                "refused (wrong_target): manifest is a GatewayManifest, but this service reads a AgentManifest");
        Files.writeString(targets, "x: 2\n");
        assertRefused(run("verify", "--trust", a, manifest.toString()), "refused (checksum): referenced file targets.yaml");
        Files.writeString(targets, "x: 1\n");
        Files.writeString(manifest, Files.readString(manifest).replace("version: 4", "version: 5"));
        assertRefused(run("verify", "--trust", a, manifest.toString()),
                "refused (signature): manifest signature does not verify with key");
        Files.delete(dir.resolve("m.yaml.sig"));
        assertRefused(run("verify", "--trust", a, manifest.toString()),
                "refused (signature): manifest " + manifest + " is not signed: there is no m.yaml.sig beside it");
    }

    @Test
    void shouldRefuseToSignAManifestThatWouldNotVerify() throws Exception {
        // Given
        assertThat(run("keygen", "--out", dir.resolve("k").toString())).isZero();
        Path manifest = Files.writeString(dir.resolve("m.yaml"), "apiVersion: edgeobs/v1\nkind: AgentManifest\n"
                + "version: 1\nfleet: trams\nfiles:\n  missing.yaml: " + "ab".repeat(32) + "\n");
        Path typo = Files.writeString(dir.resolve("typo.yaml"), "apiVersion: edgeobs/v1\nkind: AgentManifest\n"
                + "version: 1\nfleet: trams\nfile: {}\n");

        // Then
        assertThat(run("sign", "--key", dir.resolve("k.key").toString(), manifest.toString())).isEqualTo(1);
        assertThat(err()).contains("edgeobs manifest sign: referenced file missing.yaml is missing");
        assertThat(run("sign", "--key", dir.resolve("k.key").toString(), typo.toString())).isEqualTo(1);
        assertThat(err()).contains("manifest is malformed: file: unknown field");
        assertThat(dir.resolve("m.yaml.sig")).doesNotExist();
        assertThat(run("sign", "--key", dir.resolve("k.pub").toString(), manifest.toString())).isEqualTo(1);
        assertThat(err()).contains("holds no 'PRIVATE KEY' PEM blocks").contains("this looks like a public key");
    }

    @Test
    void shouldExitTwoWithUsageForAWrongCommandLine() {
        assertThat(run()).isEqualTo(2);
        assertThat(out()).contains("usage: edgeobs manifest <command>");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).startsWith("edgeobs manifest: unknown command 'frobnicate'").contains("usage:");
        assertThat(run("verify", "m.yaml")).isEqualTo(2);
        assertThat(err()).startsWith("edgeobs manifest: --trust PUB|DIR is required");
        assertThat(run("sign", "--key")).isEqualTo(2);
        assertThat(err()).startsWith("edgeobs manifest: --key needs a value");
        assertThat(run("verify", "--trust", "x.pub", "--min-version", "zero", "m.yaml")).isEqualTo(2);
        assertThat(err()).startsWith("edgeobs manifest: --min-version must be a positive integer, not 'zero'");
        assertThat(run("help")).isZero();
    }

    @Test
    void shouldNotOverwriteKeysUnlessForced() {
        // Given
        assertThat(run("keygen", "--out", dir.resolve("k").toString())).isZero();

        // Then
        assertThat(run("keygen", "--out", dir.resolve("k").toString())).isEqualTo(1);
        assertThat(err()).contains("k.key exists; choose another --out or pass --force");
        assertThat(run("keygen", "--out", dir.resolve("k").toString(), "--force")).isZero();
    }

    @Test
    void shouldRefuseToHashAFileOutsideTheBase() throws Exception {
        // Given
        Path base = Files.createDirectories(dir.resolve("m"));
        Path outside = Files.writeString(dir.resolve("o.yaml"), "o");

        // Then
        assertThat(run("hash", "--base", base.toString(), outside.toString())).isEqualTo(1);
        assertThat(err()).contains("is not inside " + base);
    }

    private void assertRefused(int exit, String message) {
        assertThat(exit).as(out()).isEqualTo(1);
        assertThat(err()).startsWith(message);
    }
}
