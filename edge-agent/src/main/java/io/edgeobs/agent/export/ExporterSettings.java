package io.edgeobs.agent.export;

import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.model.Signal;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where batches go: from the configuration, or from a manifest that overrides parts of it.
 *
 * @param schemaVersions registry versions pinned by a manifest, per signal (sent to the gateway)
 */
public record ExporterSettings(String type, String gatewayUrl, Optional<String> deviceToken, String otlpUrl,
                               Map<String, String> otlpHeaders, String file, Duration requestTimeout,
                               Map<Signal, Integer> schemaVersions) {

    public ExporterSettings {
        type = type.toLowerCase(Locale.ROOT);
        if (!java.util.Set.of("gateway", "otlp", "file", "stdout").contains(type)) {
            throw new IllegalArgumentException("the exporter type must be gateway, otlp, file or stdout, was " + type);
        }
        otlpHeaders = Map.copyOf(otlpHeaders);
        schemaVersions = Map.copyOf(schemaVersions);
    }

    public static ExporterSettings of(AgentConfig.Export e) {
        return new ExporterSettings(e.type(), e.gatewayUrl(), e.deviceToken(), e.otlpUrl(), e.otlpHeaders(), e.file(),
                e.requestTimeout(), Map.of());
    }

    /** Where the exporter sends, for the log. */
    public String destination() {
        return switch (type) {
            case "gateway" -> gatewayUrl;
            case "otlp" -> otlpUrl;
            case "file" -> file;
            default -> type;
        };
    }
}
