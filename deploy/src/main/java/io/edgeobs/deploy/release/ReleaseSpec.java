package io.edgeobs.deploy.release;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code spec} of a {@code ReleaseManifest} (ADR 0051): the commit it was built from, every artifact with its
 * SHA-256 and size, and every image with the digest of its multi-platform index.
 *
 * @param commit    the git commit the artifacts were built from (40 hex digits)
 * @param artifacts files, by path relative to the release's base directory, sorted by path
 * @param images    images by name, sorted by name; empty when none was built (no base image reachable)
 */
public record ReleaseSpec(String commit, List<Artifact> artifacts, List<Image> images) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ReleaseSpec {
        Objects.requireNonNull(commit, "commit");
        if (!commit.matches("[0-9a-f]{40}")) {
            throw new IllegalArgumentException("commit must be 40 lower-case hex digits, not '" + commit + "'");
        }
        artifacts = List.copyOf(artifacts == null ? List.of() : artifacts);
        images = List.copyOf(images == null ? List.of() : images);
        if (artifacts.isEmpty()) {
            throw new IllegalArgumentException("a release lists at least one artifact");
        }
    }

    /**
     * One file of the release.
     *
     * @param path   relative, with '/', no '..' segment
     * @param sha256 lower-case hex
     * @param size   bytes
     */
    public record Artifact(String path, String sha256, long size) {
        public Artifact {
            Objects.requireNonNull(path, "path");
            if (path.isEmpty() || path.startsWith("/") || path.contains("\\")
                    || List.of(path.split("/", -1)).stream().anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
                throw new IllegalArgumentException("artifact path '" + path
                        + "' must be relative, with '/' and without empty, '.' or '..' segments");
            }
            if (sha256 == null || !SHA256.matcher(sha256).matches()) {
                throw new IllegalArgumentException("artifact " + path + ": sha256 must be 64 lower-case hex digits");
            }
            if (size < 0) {
                throw new IllegalArgumentException("artifact " + path + ": size must not be negative");
            }
        }
    }

    /**
     * One image, as pushed.
     *
     * @param name      repository with registry, e.g. {@code registry.example/edgeobs/edge-gateway}
     * @param tag       the tag it was pushed under (the project version)
     * @param digest    {@code sha256:<hex>} of its index (or manifest, for a single platform)
     * @param platforms what the index holds, e.g. {@code linux/amd64}
     */
    public record Image(String name, String tag, String digest, List<String> platforms) {
        public Image {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(tag, "tag");
            if (digest == null || !digest.startsWith("sha256:") || !SHA256.matcher(digest.substring(7)).matches()) {
                throw new IllegalArgumentException("image " + name + ": digest must be sha256:<64 hex digits>");
            }
            platforms = List.copyOf(platforms == null ? List.of() : platforms);
        }

        /** The pinned reference: {@code name:tag@sha256:...}. */
        public String reference() {
            return name + ":" + tag + "@" + digest;
        }
    }
}
