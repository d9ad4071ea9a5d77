package io.edgeobs.ingest.consume;

import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The offsets a consumer loop commits after storing records, and those whose commit failed. A commit can fail while
 * the consumer keeps its partitions (a rebalance in progress): the records are stored, but the consumer's position is
 * past them, so they are not read again, and without a retry the group's committed offset would stay behind until new
 * records come to that partition (its lag never reaching 0). Such offsets are kept and committed with the next
 * commit, which the loop also makes after a poll that returned nothing. Offsets of partitions the consumer lost are
 * dropped: their new owner reads those records again, and the ledger skips them.
 */
final class OffsetCommits {

    private final Map<TopicPartition, OffsetAndMetadata> pending = new HashMap<>();

    /**
     * Commits, for the partitions in {@code held}, the offsets after {@code records} together with those pending.
     *
     * @return null when committed (or nothing to commit), else why not; the offsets are then pending
     */
    String commit(List<? extends ConsumerRecord<?, ?>> records, Set<TopicPartition> held,
                  Consumer<Map<TopicPartition, OffsetAndMetadata>> committer) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(pending);
        for (ConsumerRecord<?, ?> r : records) {
            offsets.merge(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        offsets.keySet().retainAll(held);
        pending.clear();
        if (offsets.isEmpty()) {
            return null;
        }
        try {
            committer.accept(offsets);
            return null;
        } catch (CommitFailedException | RebalanceInProgressException | TimeoutException e) {
            pending.putAll(offsets);
            return e.getMessage();
        }
    }

    /** The consumer no longer holds these partitions: their pending offsets are not its to commit. */
    void forget(Collection<TopicPartition> partitions) {
        pending.keySet().removeAll(partitions);
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }
}
