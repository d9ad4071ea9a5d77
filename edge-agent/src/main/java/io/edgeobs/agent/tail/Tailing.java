package io.edgeobs.agent.tail;

import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.ingest.Ingest;
import io.edgeobs.model.Signal;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the tail sources in force on one daemon thread: file reads are blocking, and one thread reading files in
 * turn (at most max-read-per-poll bytes each) is plenty for a device's logs while it keeps the agent's footprint
 * flat. Rounds run every poll-interval, at once again while a file has more to read, and after the buffer's
 * {@code Retry-After} when it pushed back. Lines go through {@link Ingest} like every other source.
 */
@ApplicationScoped
public class Tailing {

    private static final Logger LOG = Logger.getLogger(Tailing.class);
    /** A clean stop waits for the append in flight (the buffer's block-timeout at most) and the last offset write. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);

    private final Ingest ingest;
    private final TailMetrics metrics;
    private final ScheduledExecutorService executor;
    /** Touched only on the tail thread. */
    private final Map<String, SourceTailer> running = new LinkedHashMap<>();
    private TailSettings settings = TailSettings.defaults();
    private Path stateDir = Path.of("data/agent/tail");
    private LineReader reader;
    private volatile boolean stopped;

    public Tailing(Ingest ingest, MeterRegistry registry) {
        this.ingest = ingest;
        this.metrics = new TailMetrics(registry);
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tail");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the sources of the configuration. */
    void onStart(@Observes StartupEvent event, AgentConfig config) {
        settings = TailSettings.of(config.tail());
        stateDir = Path.of(config.dataDir()).resolve("tail");
        List<TailSource> sources = new ArrayList<>();
        config.tail().sources().forEach((name, s) -> sources.add(TailSource.of(name, s)));
        apply(sources);
        executor.schedule(this::round, settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Makes {@code sources} the ones tailed: new ones start (from their offset file if they ran before), removed
     * ones stop (their offsets saved), changed ones restart. Returns once done.
     */
    public void apply(List<TailSource> sources) {
        Map<String, TailSource> wanted = new LinkedHashMap<>();
        for (TailSource s : sources) {
            if (wanted.put(s.name(), s) != null) {
                throw new IllegalArgumentException("two tail sources are named " + s.name());
            }
        }
        onTailThread(() -> {
            running.entrySet().removeIf(e -> {
                boolean keep = e.getValue().source().equals(wanted.get(e.getKey()));
                if (!keep) {
                    e.getValue().close();
                    LOG.infof("stopped tailing %s", e.getKey());
                }
                return !keep;
            });
            if (reader == null) {
                reader = new LineReader(settings.maxReadPerPoll(), settings.maxLineSize());
            }
            for (TailSource s : wanted.values()) {
                if (!running.containsKey(s.name())) {
                    running.put(s.name(), new SourceTailer(s, settings, stateDir,
                            records -> ingest.accept(Signal.LOGS, records), reader, metrics.source(s.name()),
                            Clock.systemUTC()));
                    LOG.infof("tailing %s: %s%s, offsets in %s", s.name(), s.paths(),
                            s.exclude().isEmpty() ? "" : " except " + s.exclude(), stateDir);
                }
            }
        });
    }

    public List<TailSource> sources() {
        List<TailSource> out = new ArrayList<>();
        onTailThread(() -> running.values().forEach(t -> out.add(t.source())));
        return out;
    }

    private void round() {
        if (stopped) {
            return;
        }
        Duration next = settings.pollInterval();
        try {
            boolean more = false;
            for (SourceTailer t : List.copyOf(running.values())) {
                SourceTailer.PollResult r = t.poll();
                if (r.retryAfter().isPresent()) {
                    more = false;
                    next = r.retryAfter().get();
                    break; // every source writes to the same logs buffer: let it drain
                }
                more |= r.more();
            }
            if (more) {
                next = Duration.ZERO;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "a tail round failed inside the agent; trying again in %s", next);
        } finally {
            try {
                if (!stopped) {
                    executor.schedule(this::round, next.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (RejectedExecutionException shuttingDown) {
                // stopped meanwhile
            }
        }
    }

    private void onTailThread(Runnable task) {
        try {
            executor.submit(task).get(STOP_TIMEOUT.toMillis() * 4, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while changing the tail sources", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the tail thread did not answer within " + STOP_TIMEOUT.multipliedBy(4), e);
        }
    }

    /** Stops before the buffers close: the append in flight finishes and every offset is saved. */
    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    @PreDestroy
    void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            executor.submit(() -> {
                running.values().forEach(SourceTailer::close);
                running.clear();
            }).get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warnf("tail sources did not stop cleanly within %s: %s; lines after the last saved offsets are read "
                    + "again at the next start", STOP_TIMEOUT, Optional.ofNullable(e.getCause()).orElse(e));
        }
        executor.shutdownNow();
    }
}
