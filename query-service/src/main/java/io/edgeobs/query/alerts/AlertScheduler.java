package io.edgeobs.query.alerts;

import io.edgeobs.query.config.QueryConfig;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;

/**
 * Runs the alert work on a schedule when {@code edgeobs.query.alerts.enabled}: evaluation every {@code interval},
 * outbox delivery every {@code delivery-interval}, the rules-file check every {@code rules-file-check}. A run
 * still going when the next is due is skipped, so runs never overlap; across replicas the row locks of
 * {@link AlertEvaluator} and {@link WebhookDeliverer} keep work from being done twice at once.
 */
@ApplicationScoped
public class AlertScheduler {

    private final AlertEvaluator evaluator;
    private final WebhookDeliverer deliverer;
    private final RuleFileLoader loader;
    private final boolean enabled;
    private final Clock clock = Clock.systemUTC();

    public AlertScheduler(AlertEvaluator evaluator, WebhookDeliverer deliverer, RuleFileLoader loader,
                          QueryConfig config) {
        this.evaluator = evaluator;
        this.deliverer = deliverer;
        this.loader = loader;
        this.enabled = config.alerts().enabled();
    }

    @Scheduled(identity = "alert-evaluation", every = "${edgeobs.query.alerts.interval:30s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void evaluate() {
        if (enabled) {
            evaluator.evaluateAll(Instant.now(clock));
        }
    }

    @Scheduled(identity = "alert-delivery", every = "${edgeobs.query.alerts.delivery-interval:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void deliver() {
        if (enabled) {
            deliverer.deliverDue(Instant.now(clock));
        }
    }

    @Scheduled(identity = "alert-outbox-purge", every = "1h", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgeOutbox() {
        if (enabled) {
            deliverer.purge(Instant.now(clock));
        }
    }

    @Scheduled(identity = "alert-rules-file", every = "${edgeobs.query.alerts.rules-file-check:10s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkRulesFile() {
        if (enabled) {
            loader.checkForChange();
        }
    }
}
