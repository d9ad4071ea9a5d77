package io.edgeobs.deploy.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds what a release ships in a built repository: for every deployable module, each file of its Quarkus fast-jar
 * ({@code target/quarkus-app/**}), its jar and its CycloneDX SBOM ({@code target/bom.json}, {@code bom.xml}), and
 * the digest Jib wrote for its image ({@code target/jib-image.digest}) when one was built.
 */
public final class ReleaseScanner {

    /** The modules that are deployed: the services and the agent. */
    public static final List<String> DEPLOYABLE = List.of("edge-agent", "edge-gateway", "ingest-service",
            "query-service", "schema-registry");
    static final String IMAGE_PLATFORMS = "linux/amd64,linux/arm64";

    private final Path root;
    private final List<String> modules;

    public ReleaseScanner(Path root, List<String> modules) {
        this.root = root.toAbsolutePath().normalize();
        this.modules = List.copyOf(modules);
    }

    /** Everything found; fails with a sentence naming the first module that was not built. */
    public ReleaseSpec scan(String commit, String version, String imageRegistry) {
        List<ReleaseSpec.Artifact> artifacts = new ArrayList<>();
        List<ReleaseSpec.Image> images = new ArrayList<>();
        for (String module : modules) {
            Path target = root.resolve(module).resolve("target");
            Path app = target.resolve("quarkus-app");
            if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
                throw new IllegalStateException(module + " is not built (no " + root.relativize(app)
                        + "/quarkus-run.jar); run ./mvnw package -DskipTests first");
            }
            files(app).forEach(f -> artifacts.add(artifact(f)));
            for (String name : List.of(module + "-" + version + ".jar", "bom.json", "bom.xml")) {
                Path f = target.resolve(name);
                if (Files.isRegularFile(f)) {
                    artifacts.add(artifact(f));
                }
            }
            imageDigest(target).ifPresent(d -> images.add(new ReleaseSpec.Image(
                    imageRegistry + "/edgeobs/" + module, version, d, List.of(IMAGE_PLATFORMS.split(",")))));
        }
        artifacts.sort(Comparator.comparing(ReleaseSpec.Artifact::path));
        images.sort(Comparator.comparing(ReleaseSpec.Image::name));
        return new ReleaseSpec(commit, artifacts, images);
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private ReleaseSpec.Artifact artifact(Path file) {
        try {
            return new ReleaseSpec.Artifact(root.relativize(file).toString().replace('\\', '/'), Sha256.of(file),
                    Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Optional<String> imageDigest(Path target) {
        Path f = target.resolve("jib-image.digest");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(f, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
