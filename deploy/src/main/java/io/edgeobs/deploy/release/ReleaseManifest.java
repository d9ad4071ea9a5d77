package io.edgeobs.deploy.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.edgeobs.model.manifest.Manifest;
import io.edgeobs.model.manifest.ManifestKind;
import io.edgeobs.model.manifest.ManifestParser;

import java.nio.charset.StandardCharsets;

/**
 * Writes a release manifest (ADR 0051): an edgeobs manifest of kind {@code ReleaseManifest}, so it is signed and
 * its signature checked by exactly the code and commands of device manifests ({@code edgeobs manifest sign}).
 *
 * <pre>
 * apiVersion: "edgeobs/v1"
 * kind: "ReleaseManifest"
 * version: 3                    # release number: higher with every release of the channel
 * fleet: "stable"               # the release channel
 * components: {edgeobs: "0.1.0"}
 * spec:
 *   commit: "…40 hex…"
 *   artifacts: [{path: "edge-agent/target/quarkus-app/quarkus-run.jar", sha256: "…", size: 712}, …]
 *   images: [{name: "registry/edgeobs/edge-agent", tag: "0.1.0", digest: "sha256:…", platforms: […]}]
 * </pre>
 * The output is deterministic: the same release gives the same bytes, so the same signature input.
 */
public final class ReleaseManifest {

    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private ReleaseManifest() {
    }

    /** The manifest's YAML bytes; checked by the strict manifest parser before they are returned. */
    public static byte[] write(long number, String channel, String version, ReleaseSpec spec) {
        ObjectNode root = YAML.createObjectNode();
        root.put("apiVersion", Manifest.API_VERSION);
        root.put("kind", ManifestKind.RELEASE.yamlName());
        root.put("version", number);
        root.put("fleet", channel);
        root.putObject("components").put("edgeobs", version);
        ObjectNode s = root.putObject("spec");
        s.put("commit", spec.commit());
        ArrayNode artifacts = s.putArray("artifacts");
        spec.artifacts().forEach(a -> artifacts.addObject().put("path", a.path()).put("sha256", a.sha256())
                .put("size", a.size()));
        ArrayNode images = s.putArray("images");
        spec.images().forEach(i -> {
            ObjectNode n = images.addObject().put("name", i.name()).put("tag", i.tag()).put("digest", i.digest());
            ArrayNode p = n.putArray("platforms");
            i.platforms().forEach(p::add);
        });
        byte[] bytes;
        try {
            bytes = YAML.writeValueAsString(root).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        new ManifestParser().parse(bytes).spec(ReleaseSpec.class); // what is signed must read back
        return bytes;
    }
}
