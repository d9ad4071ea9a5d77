package io.edgeobs.agent.export;

import io.edgeobs.durablelog.Consumer;
import io.edgeobs.durablelog.DurableLog;
import io.edgeobs.durablelog.LogEntry;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Signal;
import io.edgeobs.model.TelemetryRecord;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.DecodeException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Moves one signal's buffered data out: cut a batch from the durable log (numbered with the next
 * {@code batch_seq}), send it, and acknowledge the log only when the receiver has it. Retries forever with backoff
 * while the data is within its maximum age (the log expires older data and counts it); a batch refused for good
 * goes to a quarantine file, counted, and the loop goes on.
 */
public final class ExportLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ExportLoop.class);

    /** Limits of one exported batch. */
    public record Limits(int maxEntries, long maxBytes, Duration linger, Duration retryMin, Duration retryMax) {
    }

    private final Signal signal;
    private final DurableLog log;
    private final Consumer consumer;
    private final Exporter exporter;
    private final Limits limits;
    private final ExportState state;
    private final Path quarantine;
    private final Backoff backoff;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deliveredRecords = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong quarantined = new AtomicLong();
    private final AtomicLong lastSuccessMillis = new AtomicLong();
    private final AtomicLong consecutiveFailures = new AtomicLong();
    private volatile boolean running = true;

    public ExportLoop(Signal signal, DurableLog log, Path stateDir, Exporter exporter, Limits limits) {
        this.signal = signal;
        this.log = log;
        this.consumer = log.consumer("export");
        this.exporter = exporter;
        this.limits = limits;
        this.state = ExportState.load(stateDir.resolve("export.state"));
        this.quarantine = stateDir.resolve("quarantine.jsonl");
        this.backoff = new Backoff(limits.retryMin(), limits.retryMax());
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (!exportOnce()) {
                    sleep(limits.linger());
                }
            } catch (RuntimeException e) {
                LOG.errorf(e, "exporting %s failed unexpectedly; retrying", signal);
                sleep(backoff.next(java.util.Optional.empty()));
            }
        }
    }

    public void stop() {
        running = false;
    }

    /** Cuts (or re-reads) one batch and sends it until it is delivered or quarantined. False when there was none. */
    boolean exportOnce() {
        List<LogEntry> entries = state.hasInFlight() ? reread() : cut();
        if (entries.isEmpty()) {
            return false;
        }
        Batch batch = assemble(entries, state.inFlightSeq);
        byte[] encoded = BatchCodec.encode(batch);
        while (running) {
            long acked = consumer.ackedOffset(); // eviction (drop_oldest) moves it past what it evicted
            if (entries.get(0).offset() < acked) {
                // while it waited, the oldest entries were evicted to stay within the budget and counted as
                // dropped: they are not sent after all, and what is left goes as a new batch
                entries = new ArrayList<>(entries.stream().filter(e -> e.offset() >= acked).toList());
                if (entries.isEmpty()) {
                    state.done();
                    return true;
                }
                state.cut(state.nextSeq, entries.get(0).offset(), entries.get(entries.size() - 1).offset());
                batch = assemble(entries, state.inFlightSeq);
                encoded = BatchCodec.encode(batch);
            }
            ExportResult result = exporter.export(batch, encoded);
            if (!(result instanceof ExportResult.Retry)) {
                lastSuccessMillis.set(System.currentTimeMillis());
                consecutiveFailures.set(0);
            }
            if (result instanceof ExportResult.Delivered) {
                finish(entries);
                delivered.incrementAndGet();
                deliveredRecords.addAndGet(batch.size());
                backoff.reset();
                return true;
            }
            if (result instanceof ExportResult.Rejected rejected) {
                quarantine(batch, encoded, rejected.reason());
                finish(entries);
                return true;
            }
            ExportResult.Retry retry = (ExportResult.Retry) result;
            retries.incrementAndGet();
            consecutiveFailures.incrementAndGet();
            Duration wait = backoff.next(retry.retryAfter());
            LOG.debugf("%s batch %d not delivered (%s); retrying in %d ms", signal, batch.batchSeq(), retry.reason(),
                    wait.toMillis());
            sleep(wait);
        }
        return true;
    }

    private List<LogEntry> cut() {
        long deadline = System.nanoTime() + limits.linger().toNanos();
        List<LogEntry> entries = new ArrayList<>(consumer.poll(limits.maxEntries(), limits.maxBytes()));
        while (!entries.isEmpty() && entries.size() < limits.maxEntries() && System.nanoTime() < deadline && running) {
            sleep(Duration.ofMillis(20));
            long bytes = entries.stream().mapToLong(e -> e.payload().length).sum();
            if (bytes >= limits.maxBytes()) {
                break;
            }
            entries.addAll(consumer.poll(limits.maxEntries() - entries.size(), limits.maxBytes() - bytes));
        }
        if (!entries.isEmpty()) {
            state.cut(state.nextSeq, entries.get(0).offset(), entries.get(entries.size() - 1).offset());
        }
        return entries;
    }

    /**
     * After a restart (or a crash mid-send), the in-flight batch is rebuilt from the same offsets: everything before
     * it was acknowledged, so reading again from the acknowledged position gives exactly its entries.
     */
    private List<LogEntry> reread() {
        consumer.rewind();
        List<LogEntry> entries = new ArrayList<>();
        long wanted = state.inFlightTo - consumer.ackedOffset() + 1;
        while (entries.size() < wanted) {
            List<LogEntry> more = consumer.poll((int) Math.min(Integer.MAX_VALUE, wanted - entries.size()), Long.MAX_VALUE);
            if (more.isEmpty()) {
                break;
            }
            entries.addAll(more);
        }
        if (entries.isEmpty()) {
            state.done(); // its records were evicted meanwhile (and counted by the log)
            return cut();
        }
        return entries;
    }

    private Batch assemble(List<LogEntry> entries, long seq) {
        List<TelemetryRecord> records = new ArrayList<>();
        Batch first = null;
        for (LogEntry e : entries) {
            try {
                Batch b = BatchCodec.decode(e.payload());
                first = first == null ? b : first;
                records.addAll(b.records());
            } catch (DecodeException corrupt) {
                LOG.errorf("%s log entry %d cannot be decoded (%s); skipped", signal, e.offset(), corrupt.getMessage());
            }
        }
        return new Batch(first == null ? io.edgeobs.model.Resource.EMPTY : first.resource(), seq, signal, records, null);
    }

    private void finish(List<LogEntry> entries) {
        consumer.ack(entries.get(entries.size() - 1).offset());
        state.done();
    }

    private void quarantine(Batch batch, byte[] encoded, String reason) {
        quarantined.incrementAndGet();
        LOG.errorf("%s batch %d (%d records) was refused (%s); kept in %s", signal, batch.batchSeq(), batch.size(),
                reason, quarantine);
        String line = "{\"batch_seq\":" + batch.batchSeq() + ",\"records\":" + batch.size() + ",\"reason\":\""
                + reason.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\",\"batch\":\""
                + Base64.getEncoder().encodeToString(encoded) + "\"}\n";
        try {
            Files.writeString(quarantine, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.errorf("cannot write quarantine file %s: %s", quarantine, e.getMessage());
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(Math.max(1, d.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public long deliveredBatches() {
        return delivered.get();
    }

    public long deliveredRecords() {
        return deliveredRecords.get();
    }

    public long retries() {
        return retries.get();
    }

    public long quarantinedBatches() {
        return quarantined.get();
    }

    public long lag() {
        return consumer.lag();
    }

    /** When the receiver last answered for good (delivered or refused), epoch ms; 0 if never since start. */
    public long lastSuccessMillis() {
        return lastSuccessMillis.get();
    }

    /** Attempts that failed in a row (0 after a success). */
    public long consecutiveFailures() {
        return consecutiveFailures.get();
    }

    /** Seconds since the oldest record not yet delivered was buffered; 0 when everything was delivered. */
    public double oldestUndeliveredAgeSeconds() {
        List<LogEntry> oldest = log.read(consumer.ackedOffset(), 1, 1);
        if (oldest.isEmpty() || oldest.get(0).offset() >= log.nextOffset()) {
            return 0;
        }
        return Math.max(0, System.currentTimeMillis() - oldest.get(0).appendTimeMillis()) / 1000.0;
    }

    public long nextBatchSeq() {
        return state.nextSeq;
    }
}
