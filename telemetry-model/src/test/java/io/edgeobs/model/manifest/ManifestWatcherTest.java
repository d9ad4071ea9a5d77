package io.edgeobs.model.manifest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ManifestWatcherTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @TempDir
    Path dir;

    private ManifestFixture fx;
    private final List<String> applied = new ArrayList<>();
    private final List<Refusal> refused = new ArrayList<>();
    private final ManifestListener recorder = new ManifestListener() {
        @Override
        public void onApplied(VerifiedManifest manifest, Optional<VerifiedManifest> previous) {
            applied.add("v" + manifest.version() + previous.map(p -> " after v" + p.version()).orElse(""));
        }

        @Override
        public void onRefused(Refusal refusal) {
            refused.add(refusal);
        }
    };

    record Sampling(double traces) {
    }

    record AgentSpec(Sampling sampling) {
    }

    @BeforeEach
    void setUp() {
        fx = new ManifestFixture(dir);
        fx.writeFile("targets.yaml", "targets: [127.0.0.1:9100]\n");
    }

    private ManifestWatcher.Builder watcher() {
        return ManifestWatcher.builder(fx.verifier()).file(fx.manifestFile).listener(recorder)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void shouldApplyTheManifestOnTheFirstPoll() {
        // Given
        fx.writeSigned(fx.agentYaml(1, "targets.yaml"));
        ManifestWatcher w = watcher().build();

        // When
        w.poll();

        // Then
        assertThat(w.current()).hasValueSatisfying(m -> {
            assertThat(m.version()).isEqualTo(1);
            assertThat(m.fileText("targets.yaml")).isEqualTo("targets: [127.0.0.1:9100]\n");
        });
        assertThat(applied).containsExactly("v1");
        assertThat(w.refusals()).isEmpty();
    }

    @Test
    void shouldApplyAGoodNewVersionOnceItHasSettledForOnePoll() {
        // Given
        fx.writeSigned(fx.agentYaml(1, "targets.yaml"));
        ManifestWatcher w = watcher().build();
        w.poll();

        // When
        fx.writeFile("targets.yaml", "targets: [127.0.0.1:9100, 127.0.0.1:9200]\n");
        fx.writeSigned(fx.agentYaml(2, "targets.yaml"));
        w.poll();
        long versionAfterFirstPoll = w.current().orElseThrow().version();
        w.poll();
        w.poll();

        // Then
        assertThat(versionAfterFirstPoll).isEqualTo(1);
        assertThat(w.current().orElseThrow().version()).isEqualTo(2);
        assertThat(w.current().orElseThrow().fileText("targets.yaml")).contains("127.0.0.1:9200");
        assertThat(applied).containsExactly("v1", "v2 after v1");
        assertThat(w.refusals()).isEmpty();
    }

    @Test
    void shouldNotReportAManifestCaughtBetweenItsNewYamlAndItsNewSignature() throws Exception {
        // Given
        fx.writeSigned(fx.agentYaml(1));
        ManifestWatcher w = watcher().build();
        w.poll();
        SignedManifest next = fx.signer.sign(fx.agentYaml(2).getBytes(StandardCharsets.UTF_8));

        // When: the YAML is replaced first, the signature one poll later
        Files.write(fx.manifestFile, next.manifest());
        w.poll();
        Files.write(SignedManifest.signaturePath(fx.manifestFile), next.signature().toJson());
        w.poll();
        w.poll();

        // Then
        assertThat(w.current().orElseThrow().version()).isEqualTo(2);
        assertThat(w.refusals()).isEmpty();
        assertThat(refused).isEmpty();
    }

    @Test
    void shouldKeepTheManifestInForceWhenATamperedOneArrivesAndCountTheRefusalOnce() throws Exception {
        // Given
        fx.writeSigned(fx.agentYaml(1));
        ManifestWatcher w = watcher().build();
        w.poll();

        // When
        fx.writeSigned(fx.agentYaml(2));
        Files.writeString(fx.manifestFile, Files.readString(fx.manifestFile).replace("0.01", "1.0"));
        for (int i = 0; i < 5; i++) {
            w.poll();
        }

        // Then
        assertThat(w.current().orElseThrow().version()).isEqualTo(1);
        assertThat(w.refusals()).containsExactly(Map.entry(RefusalReason.SIGNATURE, 1L));
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.SIGNATURE);
            assertThat(r.source()).isEqualTo("file " + fx.manifestFile.toAbsolutePath());
            assertThat(r.at()).isEqualTo(NOW);
            assertThat(r.inForce().orElseThrow().version()).isEqualTo(1);
            assertThat(r.describe()).endsWith("; AgentManifest v1 for fleet trams (device type tram-x86) stays in force");
        });
        assertThat(applied).containsExactly("v1");
    }

    @Test
    void shouldRefuseAReferencedFileChangedUnderTheManifestInForceAndKeepItsVerifiedBytes() throws Exception {
        // Given
        fx.writeSigned(fx.agentYaml(1, "targets.yaml"));
        ManifestWatcher w = watcher().build();
        w.poll();

        // When
        Files.writeString(dir.resolve("targets.yaml"), "targets: [10.6.6.6:9100]\n");
        w.poll();
        w.poll();
        w.poll();

        // Then
        assertThat(w.refusals()).containsExactly(Map.entry(RefusalReason.CHECKSUM, 1L));
        assertThat(w.current().orElseThrow().fileText("targets.yaml")).isEqualTo("targets: [127.0.0.1:9100]\n");

        // When the file is put back, nothing new is reported or applied
        Files.writeString(dir.resolve("targets.yaml"), "targets: [127.0.0.1:9100]\n");
        w.poll();
        w.poll();

        // Then
        assertThat(w.refusals()).containsExactly(Map.entry(RefusalReason.CHECKSUM, 1L));
        assertThat(applied).containsExactly("v1");
    }

    @Test
    void shouldCountEachKindOfRefusalByReason() throws Exception {
        // Given
        fx.writeSigned(fx.agentYaml(5));
        ManifestWatcher w = watcher().settle(false).build();
        w.poll();

        // When: a rollback, a manifest signed by a stranger, a missing referenced file, then the file deleted
        fx.writeSigned(fx.agentYaml(4));
        w.poll();
        new ManifestSigner(Ed25519.generate().getPrivate()).sign(fx.agentYaml(6).getBytes(StandardCharsets.UTF_8))
                .write(fx.manifestFile);
        w.poll();
        fx.writeSigned(ManifestFixture.agentYaml(7, Map.of("gone.yaml", "ab".repeat(32))));
        w.poll();
        Files.delete(fx.manifestFile);
        w.poll();
        w.poll();

        // Then
        assertThat(w.current().orElseThrow().version()).isEqualTo(5);
        assertThat(w.refusals()).containsOnly(Map.entry(RefusalReason.ROLLBACK, 1L), Map.entry(RefusalReason.UNTRUSTED_KEY, 1L),
                Map.entry(RefusalReason.MISSING_FILE, 1L), Map.entry(RefusalReason.UNAVAILABLE, 1L));
        assertThat(refused).extracting(r -> r.reason().tag())
                .containsExactly("rollback", "untrusted_key", "missing_file", "unavailable");
    }

    @Test
    void shouldRefuseAManifestThatFailsTheServicesOwnCheck() {
        // Given
        fx.writeSigned(fx.agentYaml(1));
        ManifestWatcher w = watcher().settle(false).check(m -> m.spec(AgentSpec.class)).build();
        w.poll();

        // When
        fx.writeSigned(fx.agentYaml(2).replace("traces: 0.01", "traces: 0.01\n    trace: 1"));
        w.poll();

        // Then
        assertThat(w.current().orElseThrow().version()).isEqualTo(1);
        assertThat(w.current().orElseThrow().spec(AgentSpec.class)).isEqualTo(new AgentSpec(new Sampling(0.01)));
        assertThat(refused).singleElement().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(RefusalReason.MALFORMED);
            assertThat(r.message()).contains("spec.sampling.trace: unknown field 'trace'");
        });
    }

    @Test
    void shouldKeepANewManifestAppliedWhenAListenerFails() {
        // Given
        fx.writeSigned(fx.agentYaml(1));
        ManifestWatcher w = watcher().settle(false).listener(new ManifestListener() {
            @Override
            public void onApplied(VerifiedManifest manifest, Optional<VerifiedManifest> previous) {
                throw new IllegalStateException("listener bug");
            }
        }).build();

        // When
        w.poll();

        // Then
        assertThat(w.current()).isPresent();
        assertThat(applied).containsExactly("v1");
    }

    @Test
    void shouldReloadByItselfWhenStarted() {
        // Given
        fx.writeSigned(fx.agentYaml(1));
        try (ManifestWatcher w = watcher().period(Duration.ofMillis(50)).build()) {

            // When
            w.start();
            long first = w.current().orElseThrow().version();
            fx.writeSigned(fx.agentYaml(2));

            // Then
            assertThat(first).isEqualTo(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> w.current().orElseThrow().version() == 2);
            assertThat(applied).containsExactly("v1", "v2 after v1");
        }
    }
}
