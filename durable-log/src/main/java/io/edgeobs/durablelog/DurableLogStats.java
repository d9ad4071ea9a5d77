package io.edgeobs.durablelog;

/**
 * Counters and gauges of a log, for metrics and diagnostics. Every record that left the log other than by being
 * acknowledged is counted here by reason.
 *
 * @param sizeBytes     bytes of every segment held, including those kept only for local reading
 * @param retainedBytes bytes of segments every consumer acknowledged, kept for local reading only
 */
public record DurableLogStats(long appended, long nextOffset, long sizeBytes, int segments, long droppedForBudget,
                              long expired, long recoveredCutRecords, long recoveredCutBytes, int corruptSegments,
                              long retainedBytes) {

    /** Bytes of segments still holding records some consumer has not acknowledged. */
    public long undeliveredBytes() {
        return sizeBytes - retainedBytes;
    }
}
