package io.edgeobs.model.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;

/** A manifest directory in a temp dir: files, a signing key, helpers to write and sign versions. */
final class ManifestFixture {

    final Path dir;
    final Path manifestFile;
    final KeyPair key = Ed25519.generate();
    final ManifestSigner signer = new ManifestSigner(key.getPrivate());
    final TrustedKeys trusted = TrustedKeys.of(key.getPublic());

    ManifestFixture(Path dir) {
        this.dir = dir;
        this.manifestFile = dir.resolve("manifest.yaml");
    }

    Path writeFile(String path, String content) {
        Path file = dir.resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static String sha256(String content) {
        return Digests.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
    }

    /** An agent manifest of this version for fleet "trams" that references the given files with their current hashes. */
    String agentYaml(long version, String... files) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (String f : files) {
            try {
                refs.put(f, Digests.sha256Hex(Files.readAllBytes(dir.resolve(f))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return agentYaml(version, refs);
    }

    static String agentYaml(long version, Map<String, String> files) {
        StringBuilder b = new StringBuilder("""
                apiVersion: edgeobs/v1
                kind: AgentManifest
                version: %d
                fleet: trams
                deviceType: tram-x86
                schemas:
                  edgeobs.metrics: 3
                  edgeobs.logs: 1
                components:
                  edge-agent: "0.1.0"
                spec:
                  sampling:
                    traces: 0.01
                """.formatted(version));
        if (!files.isEmpty()) {
            b.append("files:\n");
            files.forEach((p, h) -> b.append("  ").append(p).append(": ").append(h).append('\n'));
        }
        return b.toString();
    }

    /** Writes the YAML as the manifest and signs it (unchecked, so broken manifests can be signed too). */
    SignedManifest writeSigned(String yaml) {
        SignedManifest signed = signer.sign(yaml.getBytes(StandardCharsets.UTF_8));
        try {
            signed.write(manifestFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return signed;
    }

    ManifestVerifier verifier() {
        return new ManifestVerifier(trusted, ManifestTarget.agent("trams", java.util.Optional.of("tram-x86")));
    }
}
