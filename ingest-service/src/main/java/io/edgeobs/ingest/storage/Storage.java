package io.edgeobs.ingest.storage;

import io.agroal.api.AgroalDataSource;
import io.edgeobs.ingest.config.IngestConfig;
import io.edgeobs.ingest.consume.Backoff;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.flywaydb.core.api.output.MigrateResult;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Prepares the database at start, on its own thread and with retries, so a database that is not up yet never
 * makes the service crash-loop: choose the dialect, apply the migrations, prepare partitions or policies. Readiness
 * stays down and no consumer starts until this is done.
 */
@ApplicationScoped
public class Storage {

    private static final Logger LOG = Logger.getLogger(Storage.class);

    private final AgroalDataSource dataSource;
    private final IngestConfig config;
    private final Clock clock;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile StorageDialect dialect;
    private volatile String problem = "not started";
    private volatile boolean stopping;
    private Thread bootstrap;

    public Storage(AgroalDataSource dataSource, IngestConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        bootstrap = new Thread(this::prepareWithRetries, "ingest-storage-bootstrap");
        bootstrap.setDaemon(true);
        bootstrap.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        if (bootstrap != null) {
            bootstrap.interrupt();
        }
    }

    private void prepareWithRetries() {
        Backoff backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff());
        Retention retention = Retention.of(config.storage());
        for (int attempt = 0; !stopping; attempt++) {
            try {
                StorageDialect chosen;
                try (Connection c = dataSource.getConnection()) {
                    chosen = DialectChooser.choose(c, config.storage().dialect(), retention, config.storage().partitionsAhead());
                }
                MigrateResult result = Migrations.apply(dataSource, chosen);
                try (Connection c = dataSource.getConnection()) {
                    chosen.prepare(c, clock.instant());
                }
                dialect = chosen;
                problem = null;
                ready.countDown();
                LOG.infof("storage ready: dialect %s, schema version %s (%d migrations applied now)", chosen.name(),
                        result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion, result.migrationsExecuted);
                return;
            } catch (IllegalArgumentException e) {
                problem = e.getMessage();
                LOG.errorf("storage cannot start: %s", e.getMessage());
                return;
            } catch (Exception e) {
                problem = "database not ready: " + e.getMessage();
                Duration wait = backoff.delay(attempt);
                LOG.errorf("preparing the database failed (attempt %d, next in %d ms): %s", attempt + 1, wait.toMillis(),
                        e.getMessage());
                try {
                    Thread.sleep(wait.toMillis());
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Waits until the database is prepared; false when {@code timeout} passed first. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isReady() {
        return dialect != null;
    }

    /** The dialect in use; only after {@link #isReady()}. */
    public StorageDialect dialect() {
        if (dialect == null) {
            throw new IllegalStateException("storage is not ready: " + problem);
        }
        return dialect;
    }

    /** Why the storage is not ready, or null. */
    public String problem() {
        return problem;
    }

    public AgroalDataSource dataSource() {
        return dataSource;
    }
}
