package io.edgeobs.model.manifest;

import java.util.Arrays;
import java.util.Optional;

/** What a manifest drives: its {@code kind} field. */
public enum ManifestKind {
    AGENT("AgentManifest"),
    GATEWAY("GatewayManifest"),
    /** A signed list of a release's artifacts and images with their SHA-256 (ADR 0051); no device applies it. */
    RELEASE("ReleaseManifest");

    private final String yamlName;

    ManifestKind(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name as written in the manifest: {@code AgentManifest} or {@code GatewayManifest}. */
    public String yamlName() {
        return yamlName;
    }

    /** Every kind's name, for messages: {@code AgentManifest, GatewayManifest or ReleaseManifest}. */
    public static String names() {
        String[] n = Arrays.stream(values()).map(ManifestKind::yamlName).toArray(String[]::new);
        return String.join(", ", Arrays.copyOf(n, n.length - 1)) + " or " + n[n.length - 1];
    }

    /** The kind written as {@code name} (exact spelling), if any. */
    public static Optional<ManifestKind> fromYaml(String name) {
        return Arrays.stream(values()).filter(k -> k.yamlName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return yamlName;
    }
}
