package io.edgeobs.ingest.consume;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One consumer thread: poll, store the poll ({@link PollProcessor}), commit its offsets, repeat. When a dependency
 * is unavailable, every assigned partition is paused and the same records are retried with backoff while the
 * loop keeps polling (so the consumer stays in its group and sees rebalances); records of partitions revoked
 * meanwhile are let go, as their new owner reads them again from the committed offsets. Offsets are committed
 * only after the poll was stored.
 */
public final class ConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    /** How long one poll waits while paused, so shutdown and rebalances are noticed quickly. */
    private static final Duration PAUSED_POLL = Duration.ofMillis(200);

    private final String name;
    private final Consumer<byte[], byte[]> consumer;
    private final Collection<String> topics;
    private final PollProcessor processor;
    private final Backoff backoff;
    private final Duration pollTimeout;
    private final BooleanSupplier running;
    private final Set<TopicPartition> revoked = new HashSet<>();
    private final OffsetCommits commits = new OffsetCommits();
    private final AtomicLong lag = new AtomicLong();
    private volatile String unavailable;
    private volatile boolean subscribed;

    public ConsumerLoop(String name, Consumer<byte[], byte[]> consumer, Collection<String> topics, PollProcessor processor,
                        Backoff backoff, Duration pollTimeout, BooleanSupplier running) {
        this.name = name;
        this.consumer = consumer;
        this.topics = List.copyOf(topics);
        this.processor = processor;
        this.backoff = backoff;
        this.pollTimeout = pollTimeout;
        this.running = running;
    }

    /** What is unavailable while this loop retries, or null when it is healthy. */
    public String unavailable() {
        return unavailable;
    }

    public boolean subscribed() {
        return subscribed;
    }

    /** Records behind the end of the partitions this consumer holds, as of its last poll. */
    public long lag() {
        return lag.get();
    }

    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics, new Listener());
            subscribed = true;
            LOG.infof("%s subscribed to %s", name, topics);
            int failures = 0;
            while (running.getAsBoolean()) {
                try {
                    ConsumerRecords<byte[], byte[]> polled = consumer.poll(pollTimeout);
                    updateLag();
                    if (polled.isEmpty() && commits.hasPending()) {
                        commit(List.of());
                    }
                    if (!polled.isEmpty()) {
                        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>(polled.count());
                        polled.forEach(records::add);
                        revoked.clear();
                        storeAndCommit(records);
                    }
                    failures = 0;
                    if ("kafka".equals(unavailable)) {
                        unavailable = null;
                    }
                } catch (KafkaException e) {
                    if (e instanceof WakeupException) {
                        throw e;
                    }
                    // what was stored and not committed is read again and skipped by the ledger
                    unavailable = "kafka";
                    Duration wait = backoff.delay(failures++);
                    LOG.errorf("%s: Kafka failed (%s); retrying in %d ms", name, e.toString(), wait.toMillis());
                    sleep(wait);
                }
            }
        } catch (WakeupException e) {
            if (running.getAsBoolean()) {
                LOG.errorf(e, "%s woken up unexpectedly", name);
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s stopped by an unexpected failure", name);
            unavailable = "consumer failed: " + e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
            LOG.infof("%s closed", name);
        }
    }

    private void storeAndCommit(List<ConsumerRecord<byte[], byte[]>> records) {
        int attempt = 0;
        while (!records.isEmpty()) {
            try {
                processor.process(records);
                commit(records);
                if (unavailable != null) {
                    LOG.infof("%s: %s is available again; resuming", name, unavailable);
                    unavailable = null;
                }
                consumer.resume(consumer.paused());
                return;
            } catch (RuntimeException e) {
                if (e instanceof KafkaException) {
                    throw e;
                }
                // a failure nobody foresaw: keep the records and retry, rather than lose them or stop consuming
                LOG.errorf(e, "%s: storing %d records failed unexpectedly; retrying with backoff", name, records.size());
                unavailable = "ingest (unexpected failure: " + e + ")";
                processor.retried("internal");
                consumer.pause(consumer.assignment());
                waitPolling(backoff.delay(attempt++));
                if (!running.getAsBoolean()) {
                    return;
                }
                records = records.stream().filter(r -> !revoked.contains(new TopicPartition(r.topic(), r.partition()))).toList();
            } catch (RetryableException e) {
                if (unavailable == null) {
                    LOG.errorf("%s: %s unavailable (%s); pausing %d partitions and retrying with backoff", name,
                            e.dependency(), e.getMessage(), consumer.assignment().size());
                } else {
                    LOG.debugf("%s: attempt %d failed: %s", name, attempt, e.getMessage());
                }
                unavailable = e.dependency();
                processor.retried(e.dependency());
                consumer.pause(consumer.assignment());
                waitPolling(backoff.delay(attempt++));
                if (!running.getAsBoolean()) {
                    return;
                }
                records = records.stream().filter(r -> !revoked.contains(new TopicPartition(r.topic(), r.partition()))).toList();
            }
        }
        // every partition in hand moved to another consumer: nothing is pending here any more, and the next poll
        // finds out whether the dependency is back
        unavailable = null;
        consumer.resume(consumer.paused());
    }

    /** Waits while polling the paused consumer; anything it returns (a partition assigned meanwhile) is rewound. */
    private void waitPolling(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        while (running.getAsBoolean() && System.nanoTime() < deadline) {
            ConsumerRecords<byte[], byte[]> unexpected = consumer.poll(PAUSED_POLL);
            if (!unexpected.isEmpty()) {
                for (TopicPartition tp : unexpected.partitions()) {
                    consumer.seek(tp, unexpected.records(tp).get(0).offset());
                }
                consumer.pause(unexpected.partitions());
            }
        }
    }

    private void commit(List<ConsumerRecord<byte[], byte[]>> records) {
        Set<TopicPartition> held = new HashSet<>(consumer.assignment());
        held.removeAll(revoked);
        String failed = commits.commit(records, held, consumer::commitSync);
        if (failed != null) {
            LOG.infof("%s: offsets not committed (%s); the records are stored, and the offsets are committed with the "
                    + "next commit (or the records skipped when read again by a new owner)", name, failed);
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void updateLag() {
        long sum = 0;
        for (TopicPartition tp : consumer.assignment()) {
            sum += consumer.currentLag(tp).orElse(0);
        }
        lag.set(sum);
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            revoked.addAll(partitions);
            commits.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            revoked.addAll(partitions);
            commits.forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // a partition revoked and assigned again restarts at its committed offset: its records in hand stay dropped
            if (unavailable != null) {
                consumer.pause(partitions);
            }
            LOG.debugf("%s assigned %s", name, partitions);
        }
    }
}
