package io.edgeobs.gateway.forward;

import io.edgeobs.model.Batch;

/** Where {@code keep_local} records go: the gateway's local store. */
public interface LocalSink {

    /** Keeps a batch of log records at the gateway; {@code sourceOffset} identifies the log entry they came from. */
    void keep(long sourceOffset, Batch logs);
}
