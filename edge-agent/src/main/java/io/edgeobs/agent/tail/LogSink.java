package io.edgeobs.agent.tail;

import io.edgeobs.agent.ingest.Accepted;
import io.edgeobs.model.LogRecord;
import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * Where tailed lines go: in the agent, {@code Ingest.accept(Signal.LOGS, records)}. The Uni completes once the
 * records are durable, or fails with {@link io.edgeobs.agent.ingest.BackpressureException} when the buffer is full.
 */
@FunctionalInterface
public interface LogSink {
    Uni<Accepted> accept(List<LogRecord> records);
}
