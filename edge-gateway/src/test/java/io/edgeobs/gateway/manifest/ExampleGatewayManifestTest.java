package io.edgeobs.gateway.manifest;

import io.edgeobs.gateway.policy.PolicyDocument;
import io.edgeobs.gateway.policy.PolicyParser;
import io.edgeobs.model.manifest.ManifestTarget;
import io.edgeobs.model.manifest.ManifestVerifier;
import io.edgeobs.model.manifest.RollbackFloor;
import io.edgeobs.model.manifest.TrustedKeys;
import io.edgeobs.model.manifest.VerifiedManifest;
import io.edgeobs.model.sampling.TraceIdSampler;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The example gateway manifest in docs/ verifies, and its policy is one the gateway puts in force. */
class ExampleGatewayManifestTest {

    private static final Path EXAMPLES = Path.of("../docs/examples/manifests");

    @Test
    void shouldVerifyTheDocumentedExampleAndParseItsPolicy() {
        VerifiedManifest v = new ManifestVerifier(TrustedKeys.load(List.of(EXAMPLES.resolve("example.pub"))),
                ManifestTarget.gateway("trams-berlin")).verifyFile(EXAMPLES.resolve("gateway/manifest.yaml"),
                RollbackFloor.NONE);

        PolicyDocument policy = PolicyParser.parse(v.fileText(v.spec(GatewaySpec.class).policyFile()), "example");

        assertThat(policy.version()).isEqualTo(3);
        assertThat(policy.rules()).extracting(r -> r.name())
                .containsExactly("debug-stays-here", "cpu-per-minute", "traces-10-percent");
        assertThat(policy.samplingSeed()).isEqualTo(TraceIdSampler.seedOf("trams-berlin-2026"));
    }
}
