package io.edgeobs.agent.manifest;

import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.export.ExportLoops;
import io.edgeobs.agent.policy.PolicyFilter;
import io.edgeobs.agent.scrape.Scraping;
import io.edgeobs.agent.tail.Tailing;
import io.edgeobs.model.manifest.HttpManifestSource;
import io.edgeobs.model.manifest.ManifestListener;
import io.edgeobs.model.manifest.ManifestTarget;
import io.edgeobs.model.manifest.ManifestVerifier;
import io.edgeobs.model.manifest.ManifestWatcher;
import io.edgeobs.model.manifest.RefusalReason;
import io.edgeobs.model.manifest.TrustedKeys;
import io.edgeobs.model.manifest.VerifiedManifest;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the device's signed manifest in force: verified at start and on every change (local file and, if
 * configured, the gateway), applied without a restart (scrape targets, log files, sampling and limits, exporter and pinned
 * schema versions). A manifest that does not verify, or whose spec makes no sense, is refused with a log line and
 * {@code edgeobs_agent_manifest_refused_total{reason}}; the last good one stays in force, also across restarts.
 */
@ApplicationScoped
public class AgentManifests {

    private static final Logger LOG = Logger.getLogger(AgentManifests.class);

    private final AgentConfig config;
    private final Scraping scraping;
    private final Tailing tailing;
    private final PolicyFilter policy;
    private final ExportLoops exports;
    private final MeterRegistry registry;
    private ManifestWatcher watcher;

    public AgentManifests(AgentConfig config, Scraping scraping, Tailing tailing, PolicyFilter policy,
                          ExportLoops exports, MeterRegistry registry) {
        this.config = config;
        this.scraping = scraping;
        this.tailing = tailing;
        this.policy = policy;
        this.exports = exports;
        this.registry = registry;
    }

    /** After the configuration's sources and exporter started (their observers run first). */
    void onStart(@Observes @Priority(jakarta.interceptor.Interceptor.Priority.APPLICATION + 1000) StartupEvent event) {
        AgentConfig.Manifest m = config.manifest();
        if (m.file().isEmpty() && !m.fromGateway()) {
            return;
        }
        String fleet = config.fleet().orElseThrow(() -> new IllegalStateException("edgeobs.agent.fleet must be set "
                + "when a manifest is used: a manifest is for one fleet"));
        TrustedKeys trust = TrustedKeys.load(m.trustedKeys().orElseThrow(() -> new IllegalStateException(
                "edgeobs.agent.manifest.trusted-keys must name the public keys whose manifests this device accepts"))
                .stream().map(Path::of).toList());
        ManifestVerifier verifier = new ManifestVerifier(trust, ManifestTarget.agent(fleet, Optional.of(config.deviceType())));
        Path dataDir = Path.of(config.dataDir());
        ManifestWatcher.Builder b = ManifestWatcher.builder(verifier)
                .store(dataDir.resolve("manifest"))
                .check(manifest -> AgentSettings.from(manifest, config))
                .listener(new ManifestListener() {
                    @Override
                    public void onApplied(VerifiedManifest manifest, Optional<VerifiedManifest> previous) {
                        apply(manifest);
                    }
                })
                .period(m.pollInterval());
        m.file().ifPresent(f -> b.file(Path.of(f)));
        if (m.fromGateway()) {
            URI url = HttpManifestSource.gatewayUrl(URI.create(config.export().gatewayUrl()), fleet);
            b.http(url, m.file().map(f -> Path.of(f).toAbsolutePath().getParent()).orElse(dataDir),
                    config.export().deviceToken(), config.export().requestTimeout());
        }
        watcher = b.build();
        for (RefusalReason reason : RefusalReason.values()) {
            FunctionCounter.builder("edgeobs.agent.manifest.refused", watcher,
                            w -> w.refusals().getOrDefault(reason, 0L))
                    .tag("reason", reason.tag()).description("manifests refused, by reason").register(registry);
        }
        Gauge.builder("edgeobs.agent.manifest.version", watcher,
                        w -> w.current().map(VerifiedManifest::version).orElse(0L))
                .description("version of the manifest in force (0: none)").register(registry);
        watcher.start();
        if (watcher.current().isEmpty()) {
            LOG.warnf("no verified manifest is in force yet (fleet %s): the configuration applies until one verifies",
                    fleet);
        }
    }

    /** Puts a verified manifest in force. Called on the watcher's thread, one manifest at a time. */
    void apply(VerifiedManifest manifest) {
        AgentSettings s = AgentSettings.from(manifest, config);
        s.scrapeTargets().ifPresent(scraping::apply);
        s.tailSources().ifPresent(tailing::apply);
        policy.update(s.policy());
        exports.reconfigure(s.exporter());
        registry.counter("edgeobs.agent.manifest.applied").increment();
        LOG.infof("manifest in force: %s (key %s, sha256 %s)", manifest.manifest().describe(), manifest.keyId(),
                manifest.sha256());
    }

    public Optional<VerifiedManifest> current() {
        return watcher == null ? Optional.empty() : watcher.current();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (watcher != null) {
            watcher.close();
        }
    }
}
