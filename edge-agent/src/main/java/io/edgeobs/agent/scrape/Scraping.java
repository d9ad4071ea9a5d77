package io.edgeobs.agent.scrape;

import io.edgeobs.agent.ingest.BackpressureException;
import io.edgeobs.agent.ingest.Ingest;
import io.edgeobs.model.Signal;
import io.micrometer.core.instrument.MeterRegistry;
import io.edgeobs.agent.config.AgentConfig;
import io.edgeobs.agent.http.BlockingHttp;
import io.vertx.core.Vertx;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the scrape targets in force: each on its interval (with a random first offset, so targets do not all fire at
 * once), on two daemon threads shared by all targets. A scrape's samples go through {@link Ingest} like any other
 * source; when the buffer pushes back, that scrape's samples are refused and counted there, and the next scrape
 * tries again. A target going down is logged once, and once more when it comes back; in between, {@code up} 0
 * says it every interval.
 */
@ApplicationScoped
public class Scraping {

    private static final Logger LOG = Logger.getLogger(Scraping.class);
    /** Two threads: one slow target cannot stop the others, and a device rarely has more than a handful. */
    private static final int THREADS = 2;

    private final Ingest ingest;
    private final MeterRegistry registry;
    private final ScheduledExecutorService executor;
    private final BlockingHttp http;
    private final TargetScraper scraper;
    private final Map<String, Running> running = new HashMap<>();

    private record Running(ScrapeTarget target, ScheduledFuture<?> future, TargetState state) {
    }

    /** Whether the target was up at its last scrape, so transitions are logged once. */
    private static final class TargetState {
        volatile Boolean up;
    }

    public Scraping(Ingest ingest, MeterRegistry registry, Vertx vertx) {
        this.ingest = ingest;
        this.registry = registry;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newScheduledThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "scrape-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.http = new BlockingHttp(vertx, THREADS, Duration.ofSeconds(10));
        this.scraper = new TargetScraper(http, Clock.systemUTC(), TargetScraper.DEFAULT_BODY_LIMIT);
    }

    /** Makes {@code targets} the ones scraped: new ones start, removed ones stop, changed ones restart. */
    public synchronized void apply(List<ScrapeTarget> targets) {
        Map<String, ScrapeTarget> wanted = new HashMap<>();
        for (ScrapeTarget t : targets) {
            if (wanted.put(t.name(), t) != null) {
                throw new IllegalArgumentException("two scrape targets are named " + t.name());
            }
        }
        running.entrySet().removeIf(e -> {
            boolean keep = e.getValue().target().equals(wanted.get(e.getKey()));
            if (!keep) {
                e.getValue().future().cancel(false);
                LOG.infof("stopped scraping %s (%s)", e.getKey(), e.getValue().target().url());
            }
            return !keep;
        });
        for (ScrapeTarget t : wanted.values()) {
            if (!running.containsKey(t.name())) {
                TargetState state = new TargetState();
                long interval = t.interval().toMillis();
                long offset = ThreadLocalRandom.current().nextLong(Math.min(interval, 1_000));
                ScheduledFuture<?> f = executor.scheduleAtFixedRate(() -> scrapeOnce(t, state), offset, interval,
                        TimeUnit.MILLISECONDS);
                running.put(t.name(), new Running(t, f, state));
                LOG.infof("scraping %s (%s) every %d ms, timeout %d ms", t.name(), t.url(), interval,
                        t.timeout().toMillis());
            }
        }
    }

    public synchronized List<ScrapeTarget> targets() {
        return running.values().stream().map(Running::target).toList();
    }

    private void scrapeOnce(ScrapeTarget target, TargetState state) {
        try {
            ScrapeResult r = scraper.scrape(target);
            count(target, r);
            logTransition(target, state, r);
            ingest.accept(Signal.METRICS, r.points()).await().atMost(target.interval().multipliedBy(4));
        } catch (BackpressureException e) {
            LOG.debugf("scrape of %s not buffered: %s", target.name(), e.getMessage());
        } catch (RuntimeException e) {
            // never let one bad scrape cancel the schedule
            registry.counter("edgeobs.agent.scrape.failures", "target", target.name(), "reason", "internal").increment();
            LOG.errorf(e, "scrape of %s failed inside the agent", target.name());
        }
    }

    private void count(ScrapeTarget target, ScrapeResult r) {
        registry.counter("edgeobs.agent.scrapes", "target", target.name()).increment();
        r.failure().ifPresent(reason ->
                registry.counter("edgeobs.agent.scrape.failures", "target", target.name(), "reason", reason).increment());
        if (r.parseErrors() > 0) {
            registry.counter("edgeobs.agent.scrape.parse.errors", "target", target.name()).increment(r.parseErrors());
            LOG.debugf("scrape of %s: %s", target.name(), r.detail());
        }
        registry.counter("edgeobs.agent.scrape.samples", "target", target.name()).increment(r.scraped());
    }

    private static void logTransition(ScrapeTarget target, TargetState state, ScrapeResult r) {
        Boolean before = state.up;
        state.up = r.up();
        if (!r.up() && !Boolean.FALSE.equals(before)) {
            LOG.warnf("scrape target %s (%s) is down: %s; up=0 is recorded every %d ms until it answers",
                    target.name(), target.url(), r.detail(), target.interval().toMillis());
        } else if (r.up() && Boolean.FALSE.equals(before)) {
            LOG.infof("scrape target %s (%s) is up again", target.name(), target.url());
        }
    }

    /** Starts the targets of the configuration. */
    void onStart(@Observes StartupEvent event, AgentConfig config) {
        List<ScrapeTarget> targets = new ArrayList<>();
        config.scrape().targets().forEach((name, t) -> targets.add(ScrapeTarget.of(name, t)));
        apply(targets);
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
        http.close();
    }
}
