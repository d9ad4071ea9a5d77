package io.edgeobs.durablelog;

/**
 * Counters and gauges of a log, for metrics and diagnostics. Every record that left the log other than by being
 * acknowledged is counted here by reason.
 */
public record DurableLogStats(long appended, long nextOffset, long sizeBytes, int segments, long droppedForBudget,
                              long expired, long recoveredCutRecords, long recoveredCutBytes, int corruptSegments) {
}
