package io.edgeobs.ingest.maintenance;

import io.edgeobs.ingest.config.IngestConfig;
import io.edgeobs.ingest.storage.Storage;
import io.edgeobs.ingest.storage.write.Ledger;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The periodic jobs, on one thread of their own (blocking JDBC, never an event loop): partitions ahead and
 * expiry plus ledger trimming every {@code maintenance-every}, rollups every {@code rollup-every}. A failed run is
 * logged and tried again at the next tick; with several ingest instances, advisory locks let one of them do it.
 */
@ApplicationScoped
public class Maintenance {

    private static final Logger LOG = Logger.getLogger(Maintenance.class);
    /** Ledger rows deleted per statement, so trimming never holds long locks. */
    private static final int LEDGER_TRIM_CHUNK = 10_000;

    private final Storage storage;
    private final IngestConfig config;
    private final Clock clock;
    private final AtomicLong rollupRows = new AtomicLong();
    private ScheduledExecutorService executor;

    public Maintenance(Storage storage, IngestConfig config, Clock clock) {
        this.storage = storage;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ingest-maintenance");
            t.setDaemon(true);
            return t;
        });
        long maintainMs = config.storage().maintenanceEvery().toMillis();
        long rollupMs = config.storage().rollupEvery().toMillis();
        executor.scheduleWithFixedDelay(this::maintainOnce, maintainMs, maintainMs, TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(this::rollUpOnce, rollupMs, rollupMs, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Partitions and ledger; returns what was done (also for tests and the logs). */
    public String maintainOnce() {
        if (!storage.isReady()) {
            return "storage not ready";
        }
        try (Connection c = storage.dataSource().getConnection()) {
            String partitions = storage.dialect().maintain(c, clock.instant());
            long trimmed = 0;
            int n;
            do {
                n = Ledger.trim(c, clock.instant().minus(config.storage().ledgerRetention()), LEDGER_TRIM_CHUNK);
                trimmed += n;
            } while (n == LEDGER_TRIM_CHUNK);
            String summary = partitions + ", ledger rows trimmed " + trimmed;
            LOG.debugf("maintenance: %s", summary);
            return summary;
        } catch (Exception e) {
            LOG.errorf("maintenance failed, next try in %s: %s", config.storage().maintenanceEvery(), e.getMessage());
            return "failed: " + e.getMessage();
        }
    }

    /** Rollups; returns the rollup rows written, or -1 when it failed. */
    public long rollUpOnce() {
        if (!storage.isReady()) {
            return 0;
        }
        try (Connection c = storage.dataSource().getConnection()) {
            long rows = storage.dialect().rollUp(c, clock.instant());
            rollupRows.addAndGet(rows);
            return rows;
        } catch (Exception e) {
            LOG.errorf("rollup failed, next try in %s: %s", config.storage().rollupEvery(), e.getMessage());
            return -1;
        }
    }

    public Duration rollupEvery() {
        return config.storage().rollupEvery();
    }
}
