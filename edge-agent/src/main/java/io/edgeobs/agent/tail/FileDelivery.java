package io.edgeobs.agent.tail;

import io.edgeobs.agent.ingest.Accepted;
import io.edgeobs.agent.ingest.BackpressureException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads one chunk of one file and delivers its lines to the sink in appends of at most max-batch-lines, moving the
 * file's offset after each append the sink confirmed, and not at all for one it refused. The caller saves the offset
 * once the chunk is done (or refused part way).
 */
final class FileDelivery {

    private static final Logger LOG = Logger.getLogger(FileDelivery.class);

    /**
     * @param more    the file has more to read now
     * @param moved   the offset moved
     * @param refused the sink refused: retry after this
     */
    record Outcome(boolean more, boolean moved, Optional<Duration> refused) {
        static final Outcome NOTHING = new Outcome(false, false, Optional.empty());
    }

    private final TailSource source;
    private final TailSettings settings;
    private final LogSink sink;
    private final LineReader reader;
    private final TailMetrics.Source metrics;
    private final Clock clock;

    FileDelivery(TailSource source, TailSettings settings, LogSink sink, LineReader reader, TailMetrics.Source metrics,
                 Clock clock) {
        this.source = source;
        this.settings = settings;
        this.sink = sink;
        this.reader = reader;
        this.metrics = metrics;
        this.clock = clock;
    }

    Outcome deliver(TailedFile f, long now) {
        LineReader.Chunk chunk;
        try {
            long size = f.channel.size();
            if (size != f.lastSize) {
                f.lastSize = size;
                f.lastChangeMillis = now;
            }
            if (f.offset >= size) {
                f.atEof = true;
                return Outcome.NOTHING;
            }
            long idle = now - f.lastChangeMillis;
            boolean closing = f.gone && !f.matched && idle >= settings.rotateWait().toMillis();
            boolean flush = closing || settings.partialLineTimeout().map(t -> idle >= t.toMillis()).orElse(false);
            chunk = reader.read(f.channel, f.offset, f.skipping, flush);
        } catch (IOException e) {
            failed(f, e);
            return Outcome.NOTHING;
        }
        if (f.failing) {
            f.failing = false;
            LOG.infof("tail source %s: %s can be read again", source.name(), f);
        }
        Instant t = clock.instant();
        long receivedAt = t.getEpochSecond() * 1_000_000_000L + t.getNano();
        List<LineReader.Line> lines = chunk.lines();
        boolean moved = false;
        for (int from = 0; from < lines.size(); from += settings.maxBatchLines()) {
            List<LineReader.Line> batch = lines.subList(from, Math.min(lines.size(), from + settings.maxBatchLines()));
            Optional<Duration> refused = append(f, batch, receivedAt);
            if (refused.isPresent()) {
                f.atEof = false;
                return new Outcome(true, moved, refused);
            }
            LineReader.Line last = batch.get(batch.size() - 1);
            long delivered = last.endOffset() - f.offset;
            f.offset = last.endOffset();
            f.skipping = last.skippingAfter();
            metrics.lines.increment(batch.size());
            metrics.bytes.increment(delivered);
            int blanks = 0;
            int truncated = 0;
            for (LineReader.Line l : batch) {
                blanks += l.blanksBefore();
                truncated += l.truncated() ? 1 : 0;
            }
            metrics.blank.increment(blanks);
            metrics.truncated.increment(truncated);
            moved = true;
        }
        if (chunk.endOffset() > f.offset) {
            metrics.bytes.increment(chunk.endOffset() - f.offset);
            metrics.blank.increment(chunk.trailingBlanks());
            f.offset = chunk.endOffset();
            f.skipping = chunk.skippingAfter();
            moved = true;
        }
        f.atEof = !chunk.more();
        return new Outcome(chunk.more(), moved, Optional.empty());
    }

    /** Empty once the sink confirmed; otherwise how long to wait before trying again. */
    private Optional<Duration> append(TailedFile f, List<LineReader.Line> batch, long receivedAt) {
        try {
            Accepted accepted = sink.accept(Records.of(batch, source, f.path, receivedAt)).await().atMost(ACCEPT_TIMEOUT);
            if (accepted.rejected() > 0) {
                LOG.debugf("tail source %s: %d lines of %s refused by validation: %s", source.name(), accepted.rejected(),
                        f, accepted.violations());
            }
            return Optional.empty();
        } catch (BackpressureException e) {
            metrics.backpressure.increment();
            LOG.debugf("tail source %s: the buffer pushes back (%s); %s stays at offset %d", source.name(),
                    e.getMessage(), f, f.offset);
            return Optional.of(e.retryAfter());
        } catch (RuntimeException e) {
            metrics.error("append");
            LOG.errorf(e, "tail source %s: appending %d lines of %s failed; they are read again in %s (if the append "
                    + "did complete after all, they are delivered twice)", source.name(), batch.size(), f,
                    SourceTailer.RETRY_AFTER_FAILURE);
            return Optional.of(SourceTailer.RETRY_AFTER_FAILURE);
        }
    }

    private void failed(TailedFile f, IOException e) {
        metrics.error("read");
        if (!f.failing) {
            f.failing = true;
            LOG.warnf("tail source %s: cannot read %s: %s; trying again every poll", source.name(), f, e.getMessage());
        }
    }

    private static final Duration ACCEPT_TIMEOUT = SourceTailer.ACCEPT_TIMEOUT;
}
