package io.edgeobs.durablelog;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** The background fsync of {@link SyncPolicy#INTERVAL}: one daemon thread per log, ending when the log closes. */
final class IntervalSync {

    private static final Logger LOG = Logger.getLogger(IntervalSync.class);

    private IntervalSync() {
    }

    static Thread thread(DurableLog log, Duration interval, Path dir) {
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval.toMillis());
                    if (!log.syncNow()) {
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    LOG.errorf(e, "periodic fsync of %s failed", dir);
                }
            }
        }, "durable-log-sync");
        t.setDaemon(true);
        return t;
    }
}
