package io.edgeobs.gateway.policy;

import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.error.GatewayException;
import io.edgeobs.model.Signal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The policy in force. It comes from a plain YAML file ({@code edgeobs.gateway.policy.file}), checked for changes
 * every {@code reload-interval}, or from the gateway's verified manifest, which hands the same YAML to {@link #install}. A policy that does
 * not parse is refused with its reasons logged, and the last good one stays in force (ARCHITECTURE.md).
 */
@ApplicationScoped
public class PolicyHolder implements Policies {

    private static final Logger LOG = Logger.getLogger(PolicyHolder.class);

    private final Optional<Path> file;
    private final Counter refused;
    private final MeterRegistry registry;
    private volatile PolicyEngine engine = new PolicyEngine(PolicyDocument.FORWARD_ALL);
    private volatile String lastError = "";
    /** What the file held when last read: it is installed again only when that changes. */
    private String fileText;
    private ScheduledExecutorService watcher;

    public PolicyHolder(GatewayConfig config, MeterRegistry registry) {
        this.registry = registry;
        this.file = config.policy().file().filter(s -> !s.isBlank()).map(Path::of);
        this.refused = Counter.builder("edgeobs.gateway.policy.refused")
                .description("policies refused because they did not parse; the previous one stayed in force")
                .register(registry);
        Gauge.builder("edgeobs.gateway.policy.version", this, h -> h.engine.document().version())
                .description("version of the policy in force (0: the built-in forward-everything)").register(registry);
        if (file.isPresent()) {
            if (!reload()) {
                throw new IllegalStateException("the policy " + file.get() + " cannot be used: " + lastError);
            }
            long every = config.policy().reloadInterval().toMillis();
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "policy-reload");
                t.setDaemon(true);
                return t;
            });
            watcher.scheduleWithFixedDelay(this::reload, every, every, TimeUnit.MILLISECONDS);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /** The policy in force. */
    @Override
    public PolicyEngine engine() {
        return engine;
    }

    /** The reason the last policy offered was refused, empty if it was taken. */
    public String lastError() {
        return lastError;
    }

    /** Reads the file again; true if the policy in force is the file's (changed or not). */
    synchronized boolean reload() {
        if (file.isEmpty()) {
            return true;
        }
        try {
            String text = Files.readString(file.get(), StandardCharsets.UTF_8);
            if (text.equals(fileText)) {
                return lastError.isEmpty();
            }
            fileText = text;
            install(text, file.get().toString());
            return true;
        } catch (IOException e) {
            refuse("cannot read " + file.get() + ": " + e.getMessage(), file.get().toString());
            return false;
        } catch (PolicyException e) {
            return false;
        }
    }

    /**
     * Puts a policy in force (from the file, or from a verified manifest).
     *
     * @throws PolicyException when it does not parse; the policy in force stays
     */
    public synchronized void install(String yaml, String origin) {
        PolicyDocument doc;
        try {
            doc = PolicyParser.parse(yaml, origin);
        } catch (PolicyException e) {
            refuse(e.getMessage(), origin);
            throw e;
        }
        PolicyDocument before = engine.document();
        engine = new PolicyEngine(doc);
        lastError = "";
        for (Rule r : doc.rules()) {
            Counter.builder("edgeobs.gateway.policy.hits").tag("rule", r.name()).tag("action", r.action().wireName())
                    .description("records a policy rule matched").register(registry);
        }
        LOG.infof("policy version %d from %s in force (was version %d): %d rules%s", doc.version(), origin,
                before.version(), doc.rules().size(), doc.rules().isEmpty() ? "" : ": " + doc.rules().stream()
                        .map(r -> r.name() + "=" + r.action().wireName()).collect(Collectors.joining(", ")));
    }

    private void refuse(String reason, String origin) {
        refused.increment();
        lastError = reason;
        LOG.errorf("policy from %s refused, version %d stays in force: %s", origin, engine.document().version(), reason);
    }

    /** Counts rule hits of one batch. */
    @Override
    public void count(PolicyDocument doc, long[] hits) {
        for (int i = 0; i < hits.length; i++) {
            if (hits[i] > 0) {
                Rule r = doc.rules().get(i);
                registry.counter("edgeobs.gateway.policy.hits", "rule", r.name(), "action", r.action().wireName())
                        .increment(hits[i]);
            }
        }
    }

    /**
     * Refuses a batch whose declared schema version the fleet's policy does not allow (400 naming it). No header
     * means the gateway's own version, which is accepted (ADR 0005).
     */
    public void checkSchemaVersion(String header, String fleet, Signal signal) {
        if (header == null || header.isBlank()) {
            return;
        }
        int version;
        try {
            version = Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            throw new GatewayException.BadRequest("Edgeobs-Schema-Version must be a registry version number, was '"
                    + header + "'");
        }
        Set<Integer> allowed = engine.document().allowedSchemaVersions(fleet);
        if (!allowed.isEmpty() && !allowed.contains(version)) {
            throw new GatewayException.BadRequest("schema version " + version + " of " + signal.topic()
                    + " is not allowed for fleet " + fleet + " by policy version " + engine.document().version()
                    + "; allowed: " + allowed.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " (update the agent's manifest)");
        }
    }
}
