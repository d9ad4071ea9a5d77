package io.edgeobs.model.sampling;

import io.edgeobs.model.Id;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TraceSamplingTest {

    private static List<Id> traceIds(int n) {
        Random r = new Random(1);
        List<Id> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(Id.traceId(r.nextLong(), r.nextLong()));
        }
        return ids;
    }

    @Test
    void shouldKeepAboutTheRatioAndASubsetOfWhatAHigherRatioKeeps() {
        // Given 100,000 random trace ids
        List<Id> ids = traceIds(100_000);

        // Then 10% keeps about 10%, every one of them is kept at 20%, and 0 and 1 keep none and all
        long atTen = ids.stream().filter(id -> TraceSampling.keep(id, 0.1, 42)).count();
        assertThat(atTen).isBetween(9_500L, 10_500L);
        assertThat(ids.stream().filter(id -> TraceSampling.keep(id, 0.1, 42)))
                .allMatch(id -> TraceSampling.keep(id, 0.2, 42));
        assertThat(ids).noneMatch(id -> TraceSampling.keep(id, 0, 42)).allMatch(id -> TraceSampling.keep(id, 1, 42));
    }

    @Test
    void shouldDependOnTheSeedAndOnlyOnTheTraceId() {
        List<Id> ids = traceIds(10_000);
        long sameBoth = ids.stream().filter(id -> TraceSampling.keep(id, 0.5, 1) == TraceSampling.keep(id, 0.5, 2)).count();
        assertThat(sameBoth).isBetween(4_500L, 5_500L); // another seed is another, independent sample
        Id id = Id.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(TraceSampling.hash(id, 42)).isEqualTo(TraceSampling.hash(Id.fromHex("4bf92f3577b34da6a3ce929d0e0e4736"), 42));
    }
}
