package io.edgeobs.ingest.storage;

import io.edgeobs.ingest.storage.write.SeriesHash;
import io.edgeobs.model.Tags;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesHashTest {

    @Test
    void shouldGiveEqualKeysEqualHashesAndKeysThatDifferOnlyInWhereTheirPartsSplitDifferentOnes() {
        // When
        SeriesHash a = SeriesHash.of("acme", "dev-1", "cpu", Tags.of("core", "1", "n", "0"));
        SeriesHash same = SeriesHash.of("acme", "dev-1", "cpu", Tags.of("core", "1", "n", "0"));

        // Then
        assertThat(same).isEqualTo(a).hasSameHashCodeAs(a);
        assertThat(SeriesHash.of("acme", "dev-1", "cpu", Tags.of("core", "0", "n", "1"))).isNotEqualTo(a);
        assertThat(SeriesHash.of("acm", "edev-1", "cpu", Tags.of("core", "1", "n", "0"))).isNotEqualTo(a);
        assertThat(SeriesHash.of("acme", "dev-1", "cpucore", Tags.of("1", "n"))).isNotEqualTo(
                SeriesHash.of("acme", "dev-1", "cpu", Tags.of("core1", "n")));
        assertThat(SeriesHash.of("acme", "dev-1", "cpu", Tags.EMPTY)).isNotEqualTo(
                SeriesHash.of("acme", "dev-1", "cpu", Tags.of("", "")));
    }

    @Test
    void shouldGiveAFleetsSeriesDistinctHashes() {
        // Given: 2,000 devices with 500 series each (1 million), as the reference fleet of the benchmark
        Set<SeriesHash> hashes = new HashSet<>();
        Set<Integer> hashCodes = new HashSet<>();

        // When
        for (int d = 0; d < 2000; d++) {
            for (int s = 0; s < 500; s++) {
                SeriesHash h = SeriesHash.of("acme", "sim-" + d, "metric_" + (s % 50),
                        Tags.of("core", Integer.toString(s / 50), "n", Integer.toString(s % 7)));
                hashes.add(h);
                hashCodes.add(h.hashCode());
            }
        }

        // Then: no collision in 128 bits, and the 32-bit hash codes spread (a birthday bound of about 116 collisions)
        assertThat(hashes).hasSize(1_000_000);
        assertThat(hashCodes.size()).isGreaterThan(999_000);
    }
}
