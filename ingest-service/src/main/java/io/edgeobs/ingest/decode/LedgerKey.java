package io.edgeobs.ingest.decode;

import io.edgeobs.model.Signal;

/**
 * What identifies a batch in the ingest ledger (ADR 0005): {@code (tenant, device_id, signal, batch_seq)} for a
 * device's batch, {@code (tenant, device_id, signal, content id)} for a batch the gateway made. Exactly one of
 * {@code batchSeq > 0} and a non-empty {@code contentId} holds.
 */
public record LedgerKey(String tenant, String deviceId, Signal signal, long batchSeq, String contentId) {

    public LedgerKey {
        if ((batchSeq > 0) == !contentId.isEmpty()) {
            throw new IllegalArgumentException("a ledger key has either a batch_seq > 0 or a content id, was seq "
                    + batchSeq + " and content id '" + contentId + "'");
        }
    }

    public static LedgerKey bySeq(String tenant, String deviceId, Signal signal, long batchSeq) {
        return new LedgerKey(tenant, deviceId, signal, batchSeq, "");
    }

    public static LedgerKey byContent(String tenant, String deviceId, Signal signal, String contentId) {
        return new LedgerKey(tenant, deviceId, signal, 0, contentId);
    }

    /** The signal as the ledger's {@code signal} column holds it. */
    public String signalName() {
        return signalName(signal);
    }

    public static String signalName(Signal signal) {
        return switch (signal) {
            case METRICS -> "metrics";
            case SPANS -> "spans";
            case LOGS -> "logs";
        };
    }

    @Override
    public String toString() {
        return tenant + "/" + deviceId + "/" + signalName() + "/" + (batchSeq > 0 ? "seq:" + batchSeq : "content:" + contentId);
    }
}
