package io.edgeobs.model.manifest;

import java.util.Arrays;
import java.util.Optional;

/** What a manifest drives: its {@code kind} field. */
public enum ManifestKind {
    AGENT("AgentManifest"),
    GATEWAY("GatewayManifest");

    private final String yamlName;

    ManifestKind(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name as written in the manifest: {@code AgentManifest} or {@code GatewayManifest}. */
    public String yamlName() {
        return yamlName;
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
