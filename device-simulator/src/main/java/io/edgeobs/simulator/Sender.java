package io.edgeobs.simulator;

import io.edgeobs.model.Batch;

/** Where a simulated device's batches go: the gateway's agent protocol, or a real agent's OTLP receiver. */
public interface Sender {

    enum Outcome {
        /** Taken (2xx): the batch is done. */
        DELIVERED,
        /** Not taken now (network error, 429, 5xx): the same batch is sent again later. */
        RETRY,
        /** Refused for good (other 4xx): counted as rejected, not sent again. */
        REJECTED
    }

    /** Sends one batch; {@code encoded} is its BatchCodec encoding. Never throws for a failed send. */
    Outcome send(Batch batch, byte[] encoded);
}
