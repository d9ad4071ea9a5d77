package io.edgeobs.ingest.sink;

import io.edgeobs.ingest.consume.RetryableException;
import io.edgeobs.ingest.decode.IncomingBatch;
import io.edgeobs.model.Signal;

import java.util.List;

/**
 * A store outside PostgreSQL for one signal (OpenSearch for logs, an OTLP backend for spans). The poll's offsets
 * are committed only after every configured sink confirmed its batches; each confirmation is recorded in the
 * ledger under the sink's name, so a redelivered batch is not sent to a sink that already has it.
 */
public interface ExternalSink extends AutoCloseable {

    /** The ledger's {@code sink} value. */
    String name();

    Signal signal();

    /**
     * Stores every record of the batches, or throws when the backend is unavailable (the poll is retried).
     *
     * @return records the backend refused for good (counted and dropped, never retried)
     */
    long store(List<IncomingBatch> batches) throws RetryableException;

    @Override
    void close();
}
