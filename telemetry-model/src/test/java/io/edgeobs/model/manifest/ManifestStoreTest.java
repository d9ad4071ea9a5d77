package io.edgeobs.model.manifest;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The watcher's copy of the last applied manifest: what a restart without its source starts with. */
class ManifestStoreTest {

    @TempDir
    Path tmp;

    private ManifestFixture fx;
    private Path state;

    @BeforeEach
    void setUp() throws Exception {
        fx = new ManifestFixture(Files.createDirectories(tmp.resolve("etc")));
        state = tmp.resolve("state/manifest");
        fx.writeFile("conf/targets.yaml", "targets: [127.0.0.1:9100]\n");
    }

    private ManifestWatcher watcher() {
        return ManifestWatcher.builder(fx.verifier()).file(fx.manifestFile).store(state).settle(false).build();
    }

    @Test
    void shouldStartWithTheStoredManifestWhenTheSourceIsGoneAfterARestart() throws Exception {
        // Given: version 2 applied and stored, then the process stops and the source disappears
        fx.writeSigned(fx.agentYaml(1, "conf/targets.yaml"));
        ManifestWatcher before = watcher();
        before.poll();
        fx.writeSigned(fx.agentYaml(2, "conf/targets.yaml"));
        before.poll();
        Files.delete(fx.manifestFile);
        Files.delete(fx.dir.resolve("conf/targets.yaml"));

        // When
        ManifestWatcher after = watcher();
        after.poll();

        // Then
        assertThat(after.current()).hasValueSatisfying(m -> {
            assertThat(m.version()).isEqualTo(2);
            assertThat(m.fileText("conf/targets.yaml")).isEqualTo("targets: [127.0.0.1:9100]\n");
        });
        assertThat(after.refusals()).containsExactly(Map.entry(RefusalReason.UNAVAILABLE, 1L));
        try (var dirs = Files.list(state)) {
            assertThat(dirs.map(p -> p.getFileName().toString())).containsExactly("v2");
        }
    }

    @Test
    void shouldRefuseAnOlderSignedManifestOfferedAfterARestart() throws Exception {
        // Given: version 3 applied; while the device is off, the file is replaced by the validly signed version 2
        fx.writeSigned(fx.agentYaml(3));
        watcher().poll();
        fx.writeSigned(fx.agentYaml(2));

        // When
        ManifestWatcher after = watcher();
        after.poll();

        // Then
        assertThat(after.current().orElseThrow().version()).isEqualTo(3);
        assertThat(after.refusals()).containsExactly(Map.entry(RefusalReason.ROLLBACK, 1L));
    }

    @Test
    void shouldKeepTheStoredVersionAsRollbackFloorWhenTheStoredCopyNoLongerVerifies() throws Exception {
        // Given: version 3 stored, then its copy is damaged; the file offers version 2
        fx.writeSigned(fx.agentYaml(3));
        watcher().poll();
        Path copy = state.resolve("v3/manifest.yaml");
        Files.writeString(copy, Files.readString(copy).replace("0.01", "0.02"));
        fx.writeSigned(fx.agentYaml(2));

        // When
        ManifestWatcher after = watcher();
        after.poll();
        fx.writeSigned(fx.agentYaml(4));
        after.poll();

        // Then: version 2 was refused, version 4 applied and stored
        assertThat(after.refusals()).containsExactly(Map.entry(RefusalReason.ROLLBACK, 1L));
        assertThat(after.current().orElseThrow().version()).isEqualTo(4);
        assertThat(state.resolve("v4/manifest.yaml")).exists();
        assertThat(state.resolve("v3")).doesNotExist();
    }

    @Test
    void shouldNotRestoreAStoredManifestTheServicesCheckNoLongerAccepts() {
        // Given: version 2 stored by a service that accepted any spec
        fx.writeSigned(fx.agentYaml(2));
        watcher().poll();
        fx.writeSigned(fx.agentYaml(1));

        // When: after an upgrade the service's check refuses that spec
        ManifestWatcher after = ManifestWatcher.builder(fx.verifier()).file(fx.manifestFile).store(state).settle(false)
                .check(m -> {
                    throw new IllegalArgumentException("spec.sampling is no longer supported");
                }).build();
        after.poll();

        // Then: nothing in force, and the stored version still bars the older file
        assertThat(after.current()).isEmpty();
        assertThat(after.refusals()).containsOnly(Map.entry(RefusalReason.MALFORMED, 1L), Map.entry(RefusalReason.ROLLBACK, 1L));
    }
}
