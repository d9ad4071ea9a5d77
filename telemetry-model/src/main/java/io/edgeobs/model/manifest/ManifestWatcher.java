package io.edgeobs.model.manifest;

import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Holds the manifest in force and replaces it when a source offers a newer one that verifies. A manifest that
 * does not verify is refused, reported once (log line, listener, {@link #refusals()} count by reason), and the
 * one in force stays. Plain Java: {@link #poll()} is the trigger (tests call it), {@link #start()} calls it
 * every period on one daemon thread.
 *
 * <p>Per poll and source: the source is read (small: the manifest and its signature); if it is what this source
 * last had accepted and its referenced files' size and time are unchanged, nothing more is done. Otherwise it is
 * verified against the manifest in force (rollback floor). A result that differs from the source's last one is
 * acted on; for sources that {@link ManifestSource#settles() settle} (files) and while a manifest is in force, only
 * once the same result is seen on two polls in a row, so a manifest caught between its new YAML and its new
 * signature is not reported as refused.
 */
public final class ManifestWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ManifestWatcher.class);

    private final ManifestVerifier verifier;
    private final List<Watched> sources;
    private final Consumer<VerifiedManifest> check;
    private final List<ManifestListener> listeners;
    private final Clock clock;
    private final Duration period;
    private final boolean settle;
    private final Map<RefusalReason, Long> refusals = new EnumMap<>(RefusalReason.class);
    private volatile VerifiedManifest current;
    private volatile ScheduledExecutorService scheduler;

    private ManifestWatcher(Builder b) {
        this.verifier = b.verifier;
        this.sources = b.sources.stream().map(Watched::new).toList();
        this.check = b.check;
        this.listeners = List.copyOf(b.listeners);
        this.clock = b.clock;
        this.period = b.period;
        this.settle = b.settle;
        this.current = b.initial;
    }

    public static Builder builder(ManifestVerifier verifier) {
        return new Builder(verifier);
    }

    /** The manifest in force, if any has been accepted yet. */
    public Optional<VerifiedManifest> current() {
        return Optional.ofNullable(current);
    }

    /** How many refusals were reported, by reason (each distinct failure once). */
    public synchronized Map<RefusalReason, Long> refusals() {
        return Collections.unmodifiableMap(new EnumMap<>(refusals));
    }

    /** Reads every source once and applies or refuses what changed. Blocking; call it off any event loop. */
    public synchronized void poll() {
        for (Watched w : sources) {
            try {
                poll(w);
            } catch (RuntimeException e) {
                LOG.errorf(e, "manifest watcher failed on %s", w.source.describe());
            }
        }
    }

    /** Polls once now (so the manifest is in force when this returns, if one verifies), then every period. */
    public synchronized void start() {
        if (scheduler != null) {
            throw new IllegalStateException("already started");
        }
        poll();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edgeobs-manifest-watcher");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::poll, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the polling thread (a poll in progress is interrupted). */
    @Override
    public void close() {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            s.shutdownNow();
        }
    }

    private void poll(Watched w) {
        Outcome o = evaluate(w);
        if (o == null || o.key.equals(w.lastOutcome)) {
            if (o != null && o.accepted != null) {
                w.lastAccepted = o.accepted; // same content, fresh file stamps
            }
            w.pending = null;
            return;
        }
        if (o.accepted != null && current != null && o.accepted.sha256().equals(current.sha256())) {
            w.lastOutcome = o.key; // the manifest in force, seen (again) here: nothing to apply
            w.lastAccepted = o.accepted;
            w.pending = null;
            return;
        }
        if (settle && w.source.settles() && current != null && !o.key.equals(w.pending)) {
            w.pending = o.key;
            LOG.debugf("manifest change at %s seen; acting on it if it is the same on the next poll", w.source.describe());
            return;
        }
        w.pending = null;
        w.lastOutcome = o.key;
        if (o.accepted != null) {
            w.lastAccepted = o.accepted;
            apply(o.accepted, w.source);
        } else {
            refuse(o.refused, w.source);
        }
    }

    /** What the source offers now, or null when it is what it last had accepted, files untouched. */
    private Outcome evaluate(Watched w) {
        SignedManifest signed;
        try {
            signed = w.source.read(verifier.limits());
        } catch (ManifestException e) {
            return Outcome.refused("", e);
        }
        String contentKey = signed.sha256() + "/" + Digests.sha256Hex(signed.signature().toJson());
        if (w.lastAccepted != null && w.lastAcceptedKey().equals(contentKey) && w.lastAccepted.filesUnchangedOnDisk()) {
            return null;
        }
        try {
            VerifiedManifest v = verifier.verify(signed, w.source.baseDir(), RollbackFloor.of(current()));
            runCheck(v);
            return new Outcome("accepted " + contentKey, v, null);
        } catch (ManifestException e) {
            return Outcome.refused(contentKey, e);
        }
    }

    private void runCheck(VerifiedManifest v) {
        try {
            check.accept(v);
        } catch (ManifestException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ManifestException(RefusalReason.MALFORMED, "manifest refused by the service's check: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
        }
    }

    private void apply(VerifiedManifest v, ManifestSource source) {
        Optional<VerifiedManifest> previous = current();
        current = v;
        LOG.infof("manifest applied: %s from %s, signed by key %s%s", v.manifest().describe(), source.describe(),
                v.keyId(), previous.map(p -> " (was version " + p.version() + ")").orElse(""));
        for (ManifestListener l : listeners) {
            try {
                l.onApplied(v, previous);
            } catch (RuntimeException e) {
                LOG.errorf(e, "manifest listener %s failed on %s; the manifest stays applied", l, v.manifest().describe());
            }
        }
    }

    private void refuse(ManifestException e, ManifestSource source) {
        refusals.merge(e.reason(), 1L, Long::sum);
        Refusal r = new Refusal(e.reason(), source.describe(), e.getMessage(), clock.instant(), current());
        LOG.warn(r.describe());
        for (ManifestListener l : listeners) {
            try {
                l.onRefused(r);
            } catch (RuntimeException ex) {
                LOG.errorf(ex, "manifest listener %s failed on a refusal", l);
            }
        }
    }

    private record Outcome(String key, VerifiedManifest accepted, ManifestException refused) {
        static Outcome refused(String contentKey, ManifestException e) {
            return new Outcome("refused " + contentKey + " " + e.reason() + " " + e.getMessage(), null, e);
        }
    }

    /** A source and what the watcher last saw from it. */
    private static final class Watched {
        final ManifestSource source;
        String lastOutcome;
        String pending;
        VerifiedManifest lastAccepted;

        Watched(ManifestSource source) {
            this.source = source;
        }

        String lastAcceptedKey() {
            SignedManifest s = lastAccepted.signed();
            return s.sha256() + "/" + Digests.sha256Hex(s.signature().toJson());
        }
    }

    /** Builds a watcher; at least one source. */
    public static final class Builder {
        private final ManifestVerifier verifier;
        private final List<ManifestSource> sources = new ArrayList<>();
        private final List<ManifestListener> listeners = new ArrayList<>();
        private Consumer<VerifiedManifest> check = m -> { };
        private Clock clock = Clock.systemUTC();
        private Duration period = Duration.ofSeconds(10);
        private boolean settle = true;
        private VerifiedManifest initial;

        private Builder(ManifestVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "verifier");
        }

        /** Watch a manifest file and its {@code .sig}. */
        public Builder file(Path manifestFile) {
            return source(ManifestSource.file(manifestFile));
        }

        /** Fetch the wire form from a URL; referenced files are read from {@code baseDir}. */
        public Builder http(URI url, Path baseDir, Optional<String> token, Duration timeout) {
            return source(new HttpManifestSource(url, baseDir, token, timeout));
        }

        public Builder source(ManifestSource source) {
            sources.add(Objects.requireNonNull(source, "source"));
            return this;
        }

        /** The service's own check of a verified manifest (e.g. binding its spec); throwing refuses it as malformed. */
        public Builder check(Consumer<VerifiedManifest> check) {
            this.check = Objects.requireNonNull(check, "check");
            return this;
        }

        public Builder listener(ManifestListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Time for refusals' timestamps. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** How often {@link #start()} polls; default 10 s. */
        public Builder period(Duration period) {
            if (period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("period must be positive, was " + period);
            }
            this.period = period;
            return this;
        }

        /** Whether file changes settle for one poll before they are acted on (default true). */
        public Builder settle(boolean settle) {
            this.settle = settle;
            return this;
        }

        /** A manifest already in force (e.g. verified at start by the caller). */
        public Builder initial(VerifiedManifest manifest) {
            this.initial = manifest;
            return this;
        }

        public ManifestWatcher build() {
            if (sources.isEmpty()) {
                throw new IllegalStateException("a manifest watcher needs at least one source (a file or a URL)");
            }
            return new ManifestWatcher(this);
        }
    }
}
