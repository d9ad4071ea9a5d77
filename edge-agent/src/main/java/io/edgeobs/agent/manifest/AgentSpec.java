package io.edgeobs.agent.manifest;

import java.util.List;
import java.util.Map;

/**
 * The agent's part of its manifest ({@code spec:}), bound strictly: an unknown field is refused with its path.
 * Every section is optional; a section that is present replaces the same settings of the configuration (within it,
 * an absent field keeps the configured value). Durations are written {@code 500ms}, {@code 15s}, {@code 10m},
 * {@code 2h} or {@code 7d}.
 */
public record AgentSpec(Scrape scrape, Map<String, TailSource> tail, Policy policy, Exporter exporter) {

    /** JSON log files to follow, by source name (edge-agent README, "JSON log files"). */
    public record TailSource(List<String> paths, List<String> exclude, String startAt, String pathField,
                             Map<String, String> fields) {
    }

    /**
     * @param targets     by name (the {@code job} label)
     * @param targetsFile a file listed under {@code files:} holding a YAML list of targets (each with a
     *                    {@code name}), added to {@code targets}
     */
    public record Scrape(Map<String, Target> targets, String targetsFile) {
    }

    public record Target(String name, String url, String interval, String timeout, Map<String, String> labels) {
    }

    public record Policy(Traces traces, Metrics metrics, Logs logs, Map<String, Step> degrade) {
    }

    public record Traces(Double rate, String seed, Boolean keepErrors, Map<String, Double> serviceRates) {
    }

    public record Metrics(Double samplesPerSecond, Integer maxSeriesPerName, Integer maxSeries, String seriesIdle) {
    }

    public record Logs(Map<String, Double> perSecond) {
    }

    public record Step(Double at, Double hysteresis, String action, String level, Double factor) {
    }

    /** Where data goes; the device token stays in the device's own configuration, never in a fleet manifest. */
    public record Exporter(String type, String gatewayUrl, String otlpUrl) {
    }

    /** Targets listed in a {@code targetsFile}. */
    record TargetList(List<Target> targets) {
    }
}
