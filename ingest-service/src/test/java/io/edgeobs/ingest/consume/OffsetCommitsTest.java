package io.edgeobs.ingest.consume;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetCommitsTest {

    private static final TopicPartition P0 = new TopicPartition("edgeobs.metrics", 0);
    private static final TopicPartition P1 = new TopicPartition("edgeobs.metrics", 1);

    /** What reached the group coordinator, commit by commit; the first {@code failures} commits are refused. */
    private static final class Coordinator implements java.util.function.Consumer<Map<TopicPartition, OffsetAndMetadata>> {
        final List<Map<TopicPartition, OffsetAndMetadata>> committed = new ArrayList<>();
        int failures;

        Coordinator(int failures) {
            this.failures = failures;
        }

        @Override
        public void accept(Map<TopicPartition, OffsetAndMetadata> offsets) {
            if (failures-- > 0) {
                throw new RebalanceInProgressException("the group is rebalancing");
            }
            committed.add(Map.copyOf(offsets));
        }
    }

    @Test
    void shouldCommitWhatARebalanceRefusedWithTheNextCommitEvenWithoutNewRecords() {
        // Given: records of two partitions stored, and a coordinator that refuses the first commit
        OffsetCommits commits = new OffsetCommits();
        Coordinator coordinator = new Coordinator(1);
        List<ConsumerRecord<String, String>> stored = List.of(record(P0, 7), record(P0, 9), record(P1, 3));

        // When: the commit after storing them fails, then the loop commits after an empty poll
        String failed = commits.commit(stored, Set.of(P0, P1), coordinator);
        boolean pendingAfterFailure = commits.hasPending();
        String retried = commits.commit(List.of(), Set.of(P0, P1), coordinator);

        // Then
        assertThat(failed).contains("rebalancing");
        assertThat(pendingAfterFailure).isTrue();
        assertThat(retried).isNull();
        assertThat(commits.hasPending()).isFalse();
        assertThat(coordinator.committed).containsExactly(Map.of(P0, new OffsetAndMetadata(10), P1, new OffsetAndMetadata(4)));
    }

    @Test
    void shouldMergePendingOffsetsWithNewOnesAndDropThoseOfPartitionsNoLongerHeld() {
        // Given: a refused commit for both partitions
        OffsetCommits commits = new OffsetCommits();
        Coordinator coordinator = new Coordinator(1);
        commits.commit(List.of(record(P0, 9), record(P1, 3)), Set.of(P0, P1), coordinator);

        // When: P1 is revoked, and new records of P0 are stored and committed
        commits.forget(List.of(P1));
        commits.commit(List.of(record(P0, 12)), Set.of(P0), coordinator);

        // Then: the newer offset of P0 only; P1's new owner reads its records again
        assertThat(coordinator.committed).containsExactly(Map.of(P0, new OffsetAndMetadata(13)));
    }

    @Test
    void shouldNotCommitOffsetsOfPartitionsTheConsumerDoesNotHold() {
        // Given
        OffsetCommits commits = new OffsetCommits();
        Coordinator coordinator = new Coordinator(0);

        // When
        String result = commits.commit(List.of(record(P0, 1), record(P1, 5)), Set.of(P1), coordinator);

        // Then
        assertThat(result).isNull();
        assertThat(coordinator.committed).containsExactly(Map.of(P1, new OffsetAndMetadata(6)));
    }

    private static ConsumerRecord<String, String> record(TopicPartition tp, long offset) {
        return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, "k", "v");
    }
}
