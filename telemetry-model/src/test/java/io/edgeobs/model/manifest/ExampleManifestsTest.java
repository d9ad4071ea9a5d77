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

    /** How an agent might bind the example's spec (the agent defines its own records). */
    record AgentSpec(Sources sources, Sampling sampling, Limits limits, Exporter exporter) {
        record Sources(Map<String, Object> otlp, Prometheus prometheus, List<Map<String, String>> logs) {
        }

        record Prometheus(String targetsFile, String interval, String timeout) {
        }

        record Sampling(Traces traces) {
        }

        record Traces(double rate, String seed, boolean keepErrors) {
        }

        record Limits(Map<String, Integer> metrics, Map<String, Map<String, Integer>> logs) {
        }

        record Exporter(String type, String gatewayUrl, String caFile) {
        }
    }

    record GatewaySpec(String gatewayId, String region, String policyFile) {
    }

    private final TrustedKeys exampleKey = TrustedKeys.load(List.of(EXAMPLES.resolve("example.pub")));

    @Test
    void shouldVerifyTheExampleAgentManifestAndBindItsSpec() {
        // Given
        ManifestVerifier agent = new ManifestVerifier(exampleKey, ManifestTarget.agent("trams-berlin", Optional.of("tram-x86")));

        // When
        VerifiedManifest v = agent.verifyFile(EXAMPLES.resolve("agent/manifest.yaml"), RollbackFloor.NONE);
        AgentSpec spec = v.spec(AgentSpec.class);

        // Then
        assertThat(v.version()).isEqualTo(12);
        assertThat(v.manifest().schemaVersion("edgeobs.metrics")).contains(1);
        assertThat(spec.sampling().traces().rate()).isEqualTo(0.01);
        assertThat(spec.exporter().caFile()).isEqualTo("gateway-ca.pem");
        assertThat(v.fileText(spec.sources().prometheus().targetsFile())).contains("http://127.0.0.1:9100/metrics");
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
        assertThat(v.spec(GatewaySpec.class)).isEqualTo(new GatewaySpec("gw-berlin-1", "eu-central", "policy.yaml"));
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
