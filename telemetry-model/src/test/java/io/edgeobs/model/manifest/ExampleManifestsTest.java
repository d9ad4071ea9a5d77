package io.edgeobs.model.manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The signed examples in docs/examples/manifests verify against the committed example public key. */
class ExampleManifestsTest {

    private static final Path EXAMPLES = Path.of("..", "docs", "examples", "manifests").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record GatewaySpec(String policyFile) {
    }

    private final TrustedKeys exampleKey = TrustedKeys.load(List.of(EXAMPLES.resolve("example.pub")));

    @Test
    void shouldVerifyTheExampleAgentManifest() {
        // Given
        ManifestVerifier agent = new ManifestVerifier(exampleKey, ManifestTarget.agent("trams-berlin", Optional.of("tram-x86")));

        // When
        VerifiedManifest v = agent.verifyFile(EXAMPLES.resolve("agent/manifest.yaml"), RollbackFloor.NONE);

        // Then (the agent binds and applies its spec in edge-agent's ExampleManifestTest)
        assertThat(v.version()).isEqualTo(12);
        assertThat(v.manifest().schemaVersion("edgeobs.metrics")).contains(1);
        assertThat(v.manifest().specTree().at("/policy/traces/rate").asDouble()).isEqualTo(0.01);
        assertThat(v.fileText(v.manifest().specTree().at("/scrape/targetsFile").asText()))
                .contains("http://127.0.0.1:9273/metrics");
    }

    @Test
    void shouldVerifyTheExampleWireFormLikeTheFilePair() throws Exception {
        // Given
        ManifestVerifier agent = new ManifestVerifier(exampleKey, ManifestTarget.agent("trams-berlin", Optional.empty()));
        SignedManifest wire = SignedManifest.fromWire(Files.readAllBytes(EXAMPLES.resolve("agent/manifest.signed.json")),
                ManifestLimits.DEFAULTS);

        // When
        VerifiedManifest v = agent.verify(wire, EXAMPLES.resolve("agent"), RollbackFloor.NONE);

        // Then
        assertThat(v.signed()).isEqualTo(SignedManifest.read(EXAMPLES.resolve("agent/manifest.yaml"), ManifestLimits.DEFAULTS));
    }

    @Test
    void shouldVerifyTheExampleGatewayManifestAndItsPolicyFile() {
        // Given
        ManifestVerifier gateway = new ManifestVerifier(exampleKey, ManifestTarget.gateway("trams-berlin"));

        // When
        VerifiedManifest v = gateway.verifyFile(EXAMPLES.resolve("gateway/manifest.yaml"), RollbackFloor.NONE);

        // Then
        assertThat(v.spec(GatewaySpec.class)).isEqualTo(new GatewaySpec("policy.yaml"));
        assertThat(v.fileText("policy.yaml")).contains("action: keep_local");
    }

    @Test
    void shouldRefuseTheExampleOnceOneOfItsFilesIsEdited() throws Exception {
        // Given: a copy of the gateway example whose policy was edited without signing again
        Path copy = Files.createDirectories(tmp.resolve("gateway"));
        for (String f : List.of("manifest.yaml", "manifest.yaml.sig", "policy.yaml")) {
            Files.copy(EXAMPLES.resolve("gateway").resolve(f), copy.resolve(f));
        }
        Files.writeString(copy.resolve("policy.yaml"), Files.readString(copy.resolve("policy.yaml")).replace("0.1", "1.0"));
        ManifestVerifier gateway = new ManifestVerifier(exampleKey, ManifestTarget.gateway("trams-berlin"));

        // Then
        assertThatThrownBy(() -> gateway.verifyFile(copy.resolve("manifest.yaml"), RollbackFloor.NONE))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.CHECKSUM))
                .hasMessageContaining("referenced file policy.yaml has SHA-256");
    }
}
