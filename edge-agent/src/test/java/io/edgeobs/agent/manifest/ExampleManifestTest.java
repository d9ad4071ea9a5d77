package io.edgeobs.agent.manifest;

import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.scrape.ScrapeTarget;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.Signal;
import io.edgeobs.model.manifest.ManifestTarget;
import io.edgeobs.model.manifest.ManifestVerifier;
import io.edgeobs.model.manifest.RollbackFloor;
import io.edgeobs.model.manifest.TrustedKeys;
import io.edgeobs.model.manifest.VerifiedManifest;
import io.edgeobs.model.sampling.TraceIdSampler;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The example agent manifest in docs/ verifies and is what the agent applies. */
@QuarkusTest
class ExampleManifestTest {

    private static final Path EXAMPLES = Path.of("../docs/examples/manifests");

    @Inject
    AgentConfig config;

    @Test
    void shouldVerifyTheDocumentedExampleAndResolveItIntoTheAgentsSettings() {
        // Given
        ManifestVerifier verifier = new ManifestVerifier(TrustedKeys.load(List.of(EXAMPLES.resolve("example.pub"))),
                ManifestTarget.agent("trams-berlin", Optional.of("tram-x86")));
        VerifiedManifest manifest = verifier.verifyFile(EXAMPLES.resolve("agent/manifest.yaml"), RollbackFloor.NONE);

        // When
        AgentSettings settings = AgentSettings.from(manifest, config);

        // Then
        assertThat(settings.scrapeTargets()).get().asList().extracting(t -> ((ScrapeTarget) t).name())
                .containsExactlyInAnyOrder("node", "tram-controller");
        ScrapeTarget tram = settings.scrapeTargets().get().stream().filter(t -> t.name().equals("tram-controller"))
                .findFirst().orElseThrow();
        assertThat(tram.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(tram.targetLabels()).containsEntry("line", "M10").containsEntry("instance", "127.0.0.1:9273");
        assertThat(settings.tailSources()).get().asList().singleElement().satisfies(t -> {
            io.edgeobs.agent.tail.TailSource source = (io.edgeobs.agent.tail.TailSource) t;
            assertThat(source.name()).isEqualTo("controller");
            assertThat(source.paths()).containsExactly("/var/log/tram/controller*.jsonl");
            assertThat(source.fields()).containsEntry("unit", "door-controller");
        });
        assertThat(settings.policy().traces().rate()).isEqualTo(0.01);
        assertThat(settings.policy().traces().seed()).isEqualTo(TraceIdSampler.seedOf("trams-berlin-2026"));
        assertThat(settings.policy().traces().serviceRates()).containsEntry("door-ctl", 0.001);
        assertThat(settings.policy().logs().perSecond()).containsEntry(LogLevel.INFO, 100.0);
        assertThat(settings.policy().degrade()).extracting(s -> s.name()).containsExactly("drop-debug", "fewer-traces");
        assertThat(settings.exporter().gatewayUrl()).isEqualTo("https://gw-berlin.example:8080");
        assertThat(settings.exporter().schemaVersions()).containsEntry(Signal.METRICS, 1).containsEntry(Signal.LOGS, 1);
    }
}
