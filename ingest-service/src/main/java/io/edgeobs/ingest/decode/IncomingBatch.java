package io.edgeobs.ingest.decode;

import io.edgeobs.model.Batch;
import io.edgeobs.model.TelemetryRecord;
import io.edgeobs.model.validation.Violation;

import java.util.List;

/**
 * A decoded Kafka record: the batch with the records that are to be stored, its ledger key, where it came from,
 * and what was taken out of it on the way.
 *
 * @param batch      the valid, unexpired records (possibly none)
 * @param schemaId   the schema id of the framing, to frame the rejected records the same way for the DLQ
 * @param rejected   records that failed validation (they go to the DLQ)
 * @param violations what was wrong with them
 * @param expired    records older than the signal's retention (counted and dropped)
 */
public record IncomingBatch(Batch batch, LedgerKey key, SourcePosition source, int schemaId,
                            List<TelemetryRecord> rejected, List<Violation> violations, int expired) {

    public IncomingBatch {
        rejected = List.copyOf(rejected);
        violations = List.copyOf(violations);
    }
}
