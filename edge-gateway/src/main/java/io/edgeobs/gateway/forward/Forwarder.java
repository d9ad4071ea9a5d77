package io.edgeobs.gateway.forward;

import io.edgeobs.durablelog.Consumer;
import io.edgeobs.durablelog.DurableLog;
import io.edgeobs.durablelog.LogEntry;
import io.edgeobs.durablelog.LogFullException;
import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.policy.Aggregator;
import io.edgeobs.gateway.store.Entry;
import io.edgeobs.gateway.store.EntryCodec;
import io.edgeobs.model.Signal;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Moves one signal's log to Kafka, in log order, one round at a time: read up to a round's limits, turn the entries
 * into records ({@link EntryProcessor}), send them and wait until Kafka acknowledged all, then record the progress.
 * A round Kafka does not take is sent again, whole and in order, with a new producer, after a backoff, for as long as
 * it takes: intake goes on into the log meanwhile. The log is acknowledged only behind what Kafka acknowledged and
 * what no open aggregation window still needs (see {@link ForwardState}).
 */
final class Forwarder {

    private static final Logger LOG = Logger.getLogger(Forwarder.class);
    /** A Kafka outage repeats the same failure each round: its ERROR line is written at most this often. */
    private static final long FAILURE_LOG_EVERY_MS = 30_000;

    private final Signal signal;
    private final DurableLog log;
    private final Consumer consumer;
    private final Path stateFile;
    private final GatewayConfig.Forward config;
    private final Supplier<KafkaSink> sinks;
    private final Aggregator aggregator;
    private final ProcessorFactory processors;
    final AtomicLong batches = new AtomicLong();
    final AtomicLong records = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong unreadable = new AtomicLong();
    private volatile boolean running = true;
    private volatile String status = "waiting for schema ids";
    private volatile long sentUpTo;
    private volatile Thread thread;
    /** The producer in use, closed by {@link #stop()} so that a send blocked on an unreachable Kafka returns. */
    private volatile KafkaSink current;
    private EntryProcessor processor;
    private long lastCheckpoint;
    private long lastFailureLog;
    private long tickRequestedFor = Long.MIN_VALUE;
    /** A round was read and processed but Kafka has not taken it: the in-memory state is ahead of what was sent. */
    private boolean roundPending;

    /** Makes the entry processor once the schema id is known, with the log clock to resume with. */
    interface ProcessorFactory {
        EntryProcessor create(int schemaId, long clock);
    }

    Forwarder(Signal signal, DurableLog log, Path stateFile, GatewayConfig.Forward config, Supplier<KafkaSink> sinks,
              Aggregator aggregator, ProcessorFactory processors) {
        this.signal = signal;
        this.log = log;
        this.consumer = log.consumer("kafka");
        this.stateFile = stateFile;
        this.config = config;
        this.sinks = sinks;
        this.aggregator = aggregator;
        this.processors = processors;
    }

    String status() {
        return status;
    }

    /** Entries in the log not yet sent to Kafka. */
    long lag() {
        return Math.max(0, log.nextOffset() - sentUpTo);
    }

    void stop() {
        running = false;
        KafkaSink sink = current;
        if (sink != null) {
            sink.close();
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** Runs the loop; {@code start} gives the state to resume from and the schema id to frame with. */
    void run(ForwardState start, int schemaId) {
        thread = Thread.currentThread();
        processor = processors.create(schemaId, start.clockBefore());
        sentUpTo = start.sentUpTo();
        long resumeAt = start.resumeAt();
        if (start.sentUpTo() > start.resumeAt()) {
            LOG.infof("%s: resuming at log entry %d, rebuilding open windows from it; entries %d to %d were sent already",
                    signal, resumeAt, resumeAt, start.sentUpTo() - 1);
        }
        status = "forwarding";
        KafkaSink sink = sinks.get();
        current = sink;
        try {
            while (running) {
                List<LogEntry> entries = consumer.poll(config.maxEntries(), config.maxBytes().asLongValue());
                if (entries.isEmpty()) {
                    idle();
                    continue;
                }
                List<KafkaSink.Output> out = new ArrayList<>(entries.size());
                roundPending = true;
                long last = -1;
                for (LogEntry e : entries) {
                    last = e.offset();
                    if (e.offset() < resumeAt) {
                        continue; // acknowledged in the state file but not yet in the log's own checkpoint
                    }
                    processOne(e, out);
                }
                sink = sendUntilTaken(sink, out);
                if (!running) {
                    return;
                }
                sentUpTo = Math.max(sentUpTo, last + 1);
                roundPending = false;
                checkpoint(false);
            }
        } finally {
            sink.close();
            try {
                if (!roundPending) {
                    checkpoint(true);
                }
            } catch (RuntimeException e) {
                LOG.warnf("%s: the last forwarding progress was not persisted (%s); a restart sends it again", signal,
                        e.getMessage());
            }
        }
    }

    private void processOne(LogEntry e, List<KafkaSink.Output> out) {
        try {
            processor.process(e.offset(), e.payload(), e.offset() < sentUpTo, out);
        } catch (IllegalArgumentException | io.edgeobs.model.codec.ModelException bad) {
            unreadable.incrementAndGet();
            LOG.errorf("%s: log entry %d cannot be read and is skipped (counted): %s", signal, e.offset(), bad.getMessage());
        }
    }

    private KafkaSink sendUntilTaken(KafkaSink sink, List<KafkaSink.Output> out) {
        if (out.isEmpty()) {
            return sink;
        }
        Duration backoff = config.retryMin();
        while (running) {
            try {
                sink.sendAll(out);
                batches.addAndGet(out.size());
                records.addAndGet(out.stream().mapToLong(KafkaSink.Output::records).sum());
                if (!status.equals("forwarding")) {
                    LOG.infof("%s: Kafka takes data again; forwarding", signal);
                }
                status = "forwarding";
                return sink;
            } catch (KafkaSink.SendFailed e) {
                failures.incrementAndGet();
                if (status.equals("forwarding")) {
                    status = "Kafka not taking data since " + Instant.now() + ": " + e.getMessage();
                }
                long now = System.currentTimeMillis();
                if (now - lastFailureLog >= FAILURE_LOG_EVERY_MS) {
                    lastFailureLog = now;
                    LOG.errorf("%s: Kafka did not take %d records (%s); the gateway keeps accepting into its log "
                            + "(lag %d entries) and sends them again every %d s at most", signal, out.size(),
                            e.getMessage(), lag(), config.retryMax().toSeconds());
                }
                sink.close();
                pause(backoff);
                if (!running) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(config.retryMax()) > 0 ? config.retryMax() : backoff.multipliedBy(2);
                sink = sinks.get();
                current = sink;
            }
        }
        return sink;
    }

    /** Nothing to read: let due windows close (a tick through the log), persist progress, wait a little. */
    private void idle() {
        if (aggregator != null) {
            OptionalLong due = aggregator.nextCloseAt();
            long now = nanos(Instant.now());
            if (due.isPresent() && now >= due.getAsLong() && tickRequestedFor < due.getAsLong()) {
                try {
                    log.append(EntryCodec.encode(new Entry.Tick(now)));
                    tickRequestedFor = due.getAsLong();
                } catch (LogFullException e) {
                    LOG.debugf("%s: no room for a clock tick now: %s", signal, e.getMessage());
                }
            }
        }
        checkpoint(false);
        pause(config.idlePoll());
    }

    /** Persists the progress (state file first, then the log), at most once per checkpoint interval. */
    void checkpoint(boolean force) {
        long now = System.currentTimeMillis();
        if (processor == null || roundPending
                || (!force && now - lastCheckpoint < config.checkpointInterval().toMillis())) {
            return;
        }
        lastCheckpoint = now;
        ForwardState state = ForwardState.after(sentUpTo, processor.clock(), aggregator);
        state.write(stateFile);
        if (state.resumeAt() > consumer.ackedOffset()) {
            consumer.ack(state.resumeAt() - 1);
        }
    }

    private void pause(Duration d) {
        long deadline = System.nanoTime() + d.toNanos();
        long left;
        while (running && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
