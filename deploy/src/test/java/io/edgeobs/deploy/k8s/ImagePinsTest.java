package io.edgeobs.deploy.k8s;

import io.edgeobs.deploy.Repo;
import io.edgeobs.deploy.release.ImagePins;
import io.edgeobs.deploy.release.ReleaseScanner;
import io.edgeobs.deploy.release.ReleaseSpec;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A release's image digests, pinned into an overlay by the release tool, render as digest-pinned images. */
class ImagePinsTest {

    @TempDir
    Path out;

    @Test
    void shouldPinEveryEdgeobsImageToTheDigestTheReleaseLists() throws Exception {
        // Given a release that lists an image for each deployable module (digests as Jib would write them)
        Path kubectl = Kustomize.kubectl().orElse(null);
        Assumptions.assumeTrue(kubectl != null, "kubectl is not installed here (.ci/run installs it)");
        List<ReleaseSpec.Image> images = ReleaseScanner.DEPLOYABLE.stream().map(m -> new ReleaseSpec.Image(
                "registry.example/edgeobs/" + m, Repo.version(), "sha256:" + digestOf(m), List.of("linux/amd64"))).toList();
        ReleaseSpec release = new ReleaseSpec("0123456789abcdef0123456789abcdef01234567",
                List.of(new ReleaseSpec.Artifact("x/target/x.jar", "0".repeat(64), 1)), images);

        // When
        ImagePins.writeKustomization(release, Repo.root().resolve("k8s/overlays/production"), out);
        List<Map<String, Object>> objects = Kustomize.render(kubectl, out);

        // Then every image of every workload is pinned by digest, edgeobs' to the release's
        List<String> rendered = Objects.workloads(objects).stream().flatMap(w -> Objects.allContainers(w).stream())
                .map(c -> String.valueOf(c.get("image"))).toList();
        assertThat(rendered).allSatisfy(i -> assertThat(i).matches("[^@\\s]+@sha256:[0-9a-f]{64}"));
        for (String m : ReleaseScanner.DEPLOYABLE) {
            assertThat(rendered).as(m).contains("registry.example/edgeobs/" + m + "@sha256:" + digestOf(m));
        }
        assertThat(rendered).noneMatch(i -> i.startsWith("edgeobs/"));
    }

    private static String digestOf(String module) {
        return String.format("%064x", Math.abs((long) module.hashCode()));
    }
}
