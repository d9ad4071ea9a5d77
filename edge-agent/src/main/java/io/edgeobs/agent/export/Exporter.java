package io.edgeobs.agent.export;

import io.edgeobs.model.Batch;

/** Sends one batch somewhere. Implementations never throw for a failed delivery; they say how it ended. */
public interface Exporter extends AutoCloseable {

    /**
     * @param batch   the batch, with its {@code batch_seq}
     * @param encoded its deterministic protobuf encoding
     */
    ExportResult export(Batch batch, byte[] encoded);

    @Override
    default void close() {
    }
}
