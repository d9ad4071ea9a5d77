package io.edgeobs.agent.tail;

import io.edgeobs.agent.ingest.Accepted;
import io.edgeobs.agent.ingest.BackpressureException;
import io.edgeobs.model.LogRecord;
import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Stands in for the agent's Ingest in unit tests of the tailer: keeps what it was given, in order, and can refuse
 * like a full buffer does (a failed Uni with {@link BackpressureException}).
 */
final class RecordingSink implements LogSink {

    final List<LogRecord> records = new ArrayList<>();
    int refusals;
    int refuseNext;
    /** Runs before each append is confirmed: lets a test look at the offset file while lines are in flight. */
    Consumer<List<LogRecord>> beforeConfirm = r -> { };

    @Override
    public Uni<Accepted> accept(List<LogRecord> batch) {
        if (refuseNext > 0) {
            refuseNext--;
            refusals++;
            return Uni.createFrom().failure(new BackpressureException("the logs buffer is full", Duration.ofSeconds(5)));
        }
        return Uni.createFrom().item(() -> {
            beforeConfirm.accept(batch);
            records.addAll(batch);
            return new Accepted(batch.size(), 0, List.of());
        });
    }

    List<String> messages() {
        return records.stream().map(LogRecord::message).toList();
    }
}
