package io.edgeobs.gateway.store;

import java.util.Arrays;

/**
 * One record of a gateway log: either a batch as it will be forwarded (tenant, fleet and envelope already set,
 * deterministically encoded) with the header fields the forwarder needs without decoding it, or a clock tick.
 *
 * <p>Ticks carry time through the log itself: aggregation windows close on the log's own clock (the
 * {@code received_at} of the entries and ticks it reads), so replaying the log after a crash closes the same windows
 * at the same places and produces the same batches.
 */
public sealed interface Entry permits Entry.BatchEntry, Entry.Tick {

    /** The log clock this entry carries, unix nanoseconds. */
    long clockNanos();

    /**
     * An accepted batch.
     *
     * @param receivedAtNanos the envelope's {@code received_at}
     * @param dedupBySeq      true for a device's batch forwarded under its own {@code batch_seq} (header {@code seq})
     * @param records         how many records the batch holds
     * @param contentId       SHA-256 of {@code batch}
     * @param batch           the deterministic encoding of the batch, envelope included
     */
    record BatchEntry(long receivedAtNanos, boolean dedupBySeq, long batchSeq, int records, String tenant, String fleet,
                      String deviceId, String deviceType, byte[] contentId, byte[] batch) implements Entry {

        public long clockNanos() {
            return receivedAtNanos;
        }

        /** The Kafka key: {@code tenant/device_id}. */
        public String key() {
            return tenant + "/" + deviceId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BatchEntry e && e.receivedAtNanos == receivedAtNanos && e.dedupBySeq == dedupBySeq
                    && e.batchSeq == batchSeq && e.records == records && e.tenant.equals(tenant) && e.fleet.equals(fleet)
                    && e.deviceId.equals(deviceId) && e.deviceType.equals(deviceType)
                    && Arrays.equals(e.contentId, contentId) && Arrays.equals(e.batch, batch);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(contentId);
        }

        @Override
        public String toString() {
            return "BatchEntry[" + key() + ", seq " + batchSeq + ", " + batch.length + " bytes]";
        }
    }

    /** The log's clock moved on while no data came (written by the forwarder so that windows can close). */
    record Tick(long clockNanos) implements Entry {
    }
}
