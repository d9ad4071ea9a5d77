package io.edgeobs.agent.manifest;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.export.ExporterSettings;
import io.edgeobs.agent.policy.PolicyConfig;
import io.edgeobs.agent.policy.SamplingPolicy;
import io.edgeobs.agent.scrape.ScrapeTarget;
import io.edgeobs.agent.tail.TailSource;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.Signal;
import io.edgeobs.model.manifest.VerifiedManifest;
import io.edgeobs.model.sampling.TraceIdSampler;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a verified manifest puts in force, resolved against the configuration: the scrape targets (if the manifest
 * has a {@code scrape} section), the sampling policy and the exporter. Building it is also the agent's own check
 * of a manifest: a value that does not make sense throws, and the manifest is refused as malformed.
 */
public record AgentSettings(Optional<List<ScrapeTarget>> scrapeTargets, Optional<List<TailSource>> tailSources,
                            SamplingPolicy policy, ExporterSettings exporter) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public static AgentSettings from(VerifiedManifest manifest, AgentConfig config) {
        AgentSpec spec = manifest.spec(AgentSpec.class);
        return new AgentSettings(scrape(spec.scrape(), manifest), tail(spec.tail()), policy(spec.policy(), PolicyConfig.from(config.policy())),
                exporter(spec.exporter(), ExporterSettings.of(config.export()), manifest.manifest().schemas()));
    }

    private static Optional<List<ScrapeTarget>> scrape(AgentSpec.Scrape s, VerifiedManifest manifest) {
        if (s == null) {
            return Optional.empty();
        }
        Map<String, AgentSpec.Target> all = new LinkedHashMap<>(s.targets() == null ? Map.of() : s.targets());
        if (s.targetsFile() != null) {
            List<AgentSpec.Target> listed;
            try {
                listed = YAML.readValue(manifest.fileText(s.targetsFile()), new TypeReference<List<AgentSpec.Target>>() {
                });
            } catch (IOException e) {
                throw new IllegalArgumentException("spec.scrape.targetsFile " + s.targetsFile() + " is not a YAML list of "
                        + "targets (name, url, interval, timeout, labels): " + e.getMessage(), e);
            }
            for (AgentSpec.Target t : listed) {
                String name = t.name() != null ? t.name() : t.labels() != null ? t.labels().get("job") : null;
                if (name == null || all.putIfAbsent(name, t) != null) {
                    throw new IllegalArgumentException("spec.scrape.targetsFile " + s.targetsFile() + ": every target "
                            + "needs a name (or a job label) unique among the targets, " + (name == null ? "one has none"
                            : name + " is there twice"));
                }
            }
        }
        List<ScrapeTarget> targets = new ArrayList<>();
        all.forEach((name, t) -> {
            String at = "spec.scrape.targets." + name;
            Duration interval = t.interval() == null ? Duration.ofSeconds(15) : Durations.parse(at + ".interval", t.interval());
            Duration timeout = t.timeout() != null ? Durations.parse(at + ".timeout", t.timeout())
                    : interval.compareTo(Duration.ofSeconds(10)) < 0 ? interval : Duration.ofSeconds(10);
            if (t.url() == null) {
                throw new IllegalArgumentException(at + ".url is missing");
            }
            targets.add(new ScrapeTarget(name, URI.create(t.url()), interval, timeout,
                    t.labels() == null ? Map.of() : t.labels()));
        });
        return Optional.of(targets);
    }

    private static Optional<List<TailSource>> tail(Map<String, AgentSpec.TailSource> sources) {
        if (sources == null) {
            return Optional.empty();
        }
        List<TailSource> out = new ArrayList<>();
        sources.forEach((name, t) -> {
            TailSource.StartAt startAt = switch (t.startAt() == null ? "beginning" : t.startAt().toLowerCase(Locale.ROOT)) {
                case "beginning" -> TailSource.StartAt.BEGINNING;
                case "end" -> TailSource.StartAt.END;
                default -> throw new IllegalArgumentException("spec.tail." + name + ".startAt must be beginning or end, "
                        + "was " + t.startAt());
            };
            Optional<String> pathField = t.pathField() == null ? Optional.of("file")
                    : "none".equals(t.pathField()) ? Optional.empty() : Optional.of(t.pathField());
            out.add(new TailSource(name, t.paths(), t.exclude(), startAt, pathField, t.fields()));
        });
        return Optional.of(out);
    }

    static SamplingPolicy policy(AgentSpec.Policy p, SamplingPolicy base) {
        if (p == null) {
            return base;
        }
        SamplingPolicy.Traces bt = base.traces();
        SamplingPolicy.Traces traces = p.traces() == null ? bt : new SamplingPolicy.Traces(
                or(p.traces().rate(), bt.rate()),
                p.traces().seed() == null ? bt.seed() : TraceIdSampler.seedOf(p.traces().seed()),
                or(p.traces().keepErrors(), bt.keepErrors()), or(p.traces().serviceRates(), bt.serviceRates()));
        SamplingPolicy.Metrics bm = base.metrics();
        SamplingPolicy.Metrics metrics = p.metrics() == null ? bm : new SamplingPolicy.Metrics(
                or(p.metrics().samplesPerSecond(), bm.samplesPerSecond()),
                or(p.metrics().maxSeriesPerName(), bm.maxSeriesPerName()), or(p.metrics().maxSeries(), bm.maxSeries()),
                p.metrics().seriesIdle() == null ? bm.seriesIdle()
                        : Durations.parse("spec.policy.metrics.seriesIdle", p.metrics().seriesIdle()));
        SamplingPolicy.Logs logs = base.logs();
        if (p.logs() != null && p.logs().perSecond() != null) {
            Map<LogLevel, Double> perLevel = new EnumMap<>(LogLevel.class);
            p.logs().perSecond().forEach((level, rate) -> perLevel.put(PolicyConfig.level(level, "spec.policy.logs.perSecond." + level),
                    rate));
            logs = new SamplingPolicy.Logs(perLevel);
        }
        List<SamplingPolicy.DegradeStep> steps = base.degrade();
        if (p.degrade() != null) {
            steps = new ArrayList<>();
            for (Map.Entry<String, AgentSpec.Step> e : p.degrade().entrySet()) {
                AgentSpec.Step s = e.getValue();
                String at = "spec.policy.degrade." + e.getKey();
                if (s.at() == null || s.action() == null) {
                    throw new IllegalArgumentException(at + " needs at (a buffer fill from 0 to 1) and action");
                }
                steps.add(new SamplingPolicy.DegradeStep(e.getKey(), s.at(), or(s.hysteresis(), 0.05),
                        PolicyConfig.action(s.action(), at + ".action"), s.level() == null ? null
                                : PolicyConfig.level(s.level(), at + ".level"),
                        or(s.factor(), 0.1)));
            }
        }
        return new SamplingPolicy(traces, metrics, logs, steps);
    }

    private static ExporterSettings exporter(AgentSpec.Exporter e, ExporterSettings base, Map<String, Integer> schemas) {
        Map<Signal, Integer> versions = new EnumMap<>(Signal.class);
        for (Signal s : Signal.values()) {
            Integer v = schemas.get("edgeobs." + s.name().toLowerCase(Locale.ROOT));
            if (v != null) {
                versions.put(s, v);
            }
        }
        return new ExporterSettings(e == null || e.type() == null ? base.type() : e.type(),
                e == null || e.gatewayUrl() == null ? base.gatewayUrl() : e.gatewayUrl(), base.deviceToken(),
                e == null || e.otlpUrl() == null ? base.otlpUrl() : e.otlpUrl(), base.otlpHeaders(), base.file(),
                base.requestTimeout(), versions);
    }

    private static <T> T or(T value, T otherwise) {
        return value != null ? value : otherwise;
    }
}
