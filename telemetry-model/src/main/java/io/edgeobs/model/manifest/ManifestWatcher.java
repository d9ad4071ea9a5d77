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
    private final List<WatchedSource> sources;
    private final Consumer<VerifiedManifest> check;
    private final List<ManifestListener> listeners;
    private final Clock clock;
    private final Duration period;
    private final boolean settle;
    private final Map<RefusalReason, Long> refusals = new EnumMap<>(RefusalReason.class);
    private final ManifestStore store;
    private boolean restored;
    private long storedFloor;
    private volatile VerifiedManifest current;
    private volatile ScheduledExecutorService scheduler;

    private ManifestWatcher(Builder b) {
        this.verifier = b.verifier;
        this.sources = b.sources.stream().map(WatchedSource::new).toList();
        this.check = b.check;
        this.listeners = List.copyOf(b.listeners);
        this.clock = b.clock;
        this.period = b.period;
        this.settle = b.settle;
        this.current = b.initial;
        this.store = b.store == null ? null : new ManifestStore(b.store);
    }

    public static Builder builder(ManifestVerifier verifier) {
        return new Builder(verifier);
    }

    /** The manifest in force, if any has been accepted yet. */
    public Optional<VerifiedManifest> current() {
        return Optional.ofNullable(current);
    }

    /** How many refusals were reported, by reason (each distinct failure once). Never waits for a poll. */
    public Map<RefusalReason, Long> refusals() {
        synchronized (refusals) {
            return Collections.unmodifiableMap(new EnumMap<>(refusals));
        }
    }

    /** Reads every source once and applies or refuses what changed. Blocking; call it off any event loop. */
    public synchronized void poll() {
        restoreOnce();
        for (WatchedSource w : sources) {
            try {
                RollbackFloor floor = current != null ? RollbackFloor.of(current) : RollbackFloor.atLeast(storedFloor);
                WatchedSource.Outcome o = w.poll(verifier, floor, check, current, settle);
                if (o != null && o.accepted() != null) {
                    apply(o.accepted(), w.source.describe(), true);
                } else if (o != null) {
                    refuse(o.refused(), w.source.describe());
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "manifest watcher failed on %s", w.source.describe());
            }
        }
    }

    /** On the first poll: the stored copy of the last applied manifest, and its version as the rollback floor. */
    private void restoreOnce() {
        if (store == null || restored) {
            return;
        }
        restored = true;
        storedFloor = store.highestVersion();
        if (current == null) {
            store.load(verifier).ifPresent(v -> {
                try {
                    WatchedSource.runCheck(check, v);
                    apply(v, "store " + store.dir(), false);
                } catch (ManifestException e) {
                    refuse(e, "store " + store.dir());
                }
            });
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

    private void apply(VerifiedManifest v, String source, boolean persist) {
        Optional<VerifiedManifest> previous = current();
        LOG.infof("manifest applied: %s from %s, signed by key %s%s", v.manifest().describe(), source,
                v.keyId(), previous.map(p -> " (was version " + p.version() + ")").orElse(""));
        if (persist && store != null) {
            try {
                store.save(v);
            } catch (java.io.IOException e) {
                LOG.errorf(e, "manifest %s is applied but could not be stored in %s; after a restart the previous"
                        + " stored one is used", v.manifest().describe(), store.dir());
            }
        }
        for (ManifestListener l : listeners) {
            try {
                l.onApplied(v, previous);
            } catch (RuntimeException e) {
                LOG.errorf(e, "manifest listener %s failed on %s; the manifest stays applied", l, v.manifest().describe());
            }
        }
        // Published only now: whoever reads current() (the agent's "version in force" gauge, a diagnostic query)
        // sees a manifest only once its listeners have put it in force, never while the old settings still apply.
        current = v;
    }

    private void refuse(ManifestException e, String source) {
        synchronized (refusals) {
            refusals.merge(e.reason(), 1L, Long::sum);
        }
        Refusal r = new Refusal(e.reason(), source, e.getMessage(), clock.instant(), current());
        LOG.warn(r.describe());
        for (ManifestListener l : listeners) {
            try {
                l.onRefused(r);
            } catch (RuntimeException ex) {
                LOG.errorf(ex, "manifest listener %s failed on a refusal", l);
            }
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
        private Path store;

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

        /**
         * Keep a copy of each applied manifest (and its referenced files) in this directory: restored on the first
         * poll after a restart, and its version stays the rollback floor even if the sources offer less.
         */
        public Builder store(Path directory) {
            this.store = Objects.requireNonNull(directory, "directory");
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
