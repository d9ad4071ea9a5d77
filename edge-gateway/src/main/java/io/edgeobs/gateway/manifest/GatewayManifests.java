package io.edgeobs.gateway.manifest;

import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.policy.PolicyHolder;
import io.edgeobs.gateway.policy.PolicyParser;
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
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the gateway's signed manifest in force: verified at start and whenever it changes; its policy file (checked
 * against the manifest's SHA-256) is installed without a restart. A manifest that fails verification, or whose
 * policy does not parse, is refused with a log line and {@code edgeobs_gateway_manifest_refused_total{reason}}, and
 * the policy in force stays; the last good manifest is kept in {@code <data-dir>/manifest} across restarts.
 */
@ApplicationScoped
public class GatewayManifests {

    private static final Logger LOG = Logger.getLogger(GatewayManifests.class);

    private final GatewayConfig config;
    private final PolicyHolder policy;
    private final MeterRegistry registry;
    private ManifestWatcher watcher;

    public GatewayManifests(GatewayConfig config, PolicyHolder policy, MeterRegistry registry) {
        this.config = config;
        this.policy = policy;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent event) {
        GatewayConfig.Manifest m = config.manifest();
        if (m.file().isEmpty()) {
            return;
        }
        if (config.policy().file().isPresent()) {
            LOG.warnf("both edgeobs.gateway.manifest.file and edgeobs.gateway.policy.file are set: the manifest's policy "
                    + "replaces the file's once the manifest verifies");
        }
        String fleet = m.fleet().orElseThrow(() -> new IllegalStateException(
                "edgeobs.gateway.manifest.fleet must be set with a manifest: a gateway manifest is for one fleet"));
        TrustedKeys trust = TrustedKeys.load(m.trustedKeys().orElseThrow(() -> new IllegalStateException(
                "edgeobs.gateway.manifest.trusted-keys must name the public keys whose manifests this gateway accepts"))
                .stream().map(Path::of).toList());
        watcher = ManifestWatcher.builder(new ManifestVerifier(trust, ManifestTarget.gateway(fleet)))
                .file(Path.of(m.file().get()))
                .store(Path.of(config.dataDir()).resolve("manifest"))
                .check(manifest -> PolicyParser.parse(policyText(manifest), origin(manifest)))
                .listener(new ManifestListener() {
                    @Override
                    public void onApplied(VerifiedManifest manifest, Optional<VerifiedManifest> previous) {
                        policy.install(policyText(manifest), origin(manifest));
                    }
                })
                .period(m.pollInterval())
                .build();
        for (RefusalReason reason : RefusalReason.values()) {
            FunctionCounter.builder("edgeobs.gateway.manifest.refused", watcher, w -> w.refusals().getOrDefault(reason, 0L))
                    .tag("reason", reason.tag()).description("manifests refused, by reason").register(registry);
        }
        Gauge.builder("edgeobs.gateway.manifest.version", watcher,
                        w -> w.current().map(VerifiedManifest::version).orElse(0L))
                .description("version of the gateway manifest in force (0: none)").register(registry);
        watcher.start();
    }

    private static String policyText(VerifiedManifest manifest) {
        return manifest.fileText(manifest.spec(GatewaySpec.class).policyFile());
    }

    private static String origin(VerifiedManifest manifest) {
        return "manifest v" + manifest.version() + " (" + manifest.sha256().substring(0, 12) + ")";
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
