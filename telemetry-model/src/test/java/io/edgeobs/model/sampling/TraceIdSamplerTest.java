package io.edgeobs.model.sampling;

import io.edgeobs.model.Id;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceIdSamplerTest {

    private static final int TRACES = 100_000;

    @Test
    void shouldKeepTheConfiguredShareOfRandomTraceIdsWithinStatisticalBounds() {
        SplittableRandom random = new SplittableRandom(42);
        for (double rate : new double[]{0.01, 0.1, 0.5}) {
            TraceIdSampler sampler = new TraceIdSampler(TraceIdSampler.seedOf("fleet-a"), rate);
            int kept = 0;
            for (int i = 0; i < TRACES; i++) {
                if (sampler.keep(Id.traceId(random.nextLong(), random.nextLong()))) {
                    kept++;
                }
            }
            // binomial: 4.5 standard deviations either side (a false failure about once in 150,000 runs)
            double sd = Math.sqrt(TRACES * rate * (1 - rate));
            assertThat((double) kept).as("kept at rate %s", rate).isBetween(TRACES * rate - 4.5 * sd, TRACES * rate + 4.5 * sd);
        }
    }

    @Test
    void shouldSampleIdsThatStartWithATimestampAsEvenlyAsRandomOnes() {
        // Given ids whose first 8 bytes are a slowly rising clock, as some SDKs make them
        TraceIdSampler sampler = new TraceIdSampler(7, 0.1);
        SplittableRandom random = new SplittableRandom(1);
        int kept = 0;
        for (int i = 0; i < TRACES; i++) {
            if (sampler.keep(Id.traceId(1_700_000_000L + i / 1000, random.nextInt() & 0xffffffffL))) {
                kept++;
            }
        }
        double sd = Math.sqrt(TRACES * 0.1 * 0.9);
        assertThat((double) kept).isBetween(10_000 - 4.5 * sd, 10_000 + 4.5 * sd);
    }

    @Test
    void shouldDecideTheSameEverywhereForOneSeedAndKeepASubsetAtALowerRate() {
        long seed = TraceIdSampler.seedOf("fleet-a");
        TraceIdSampler low = new TraceIdSampler(seed, 0.05);
        TraceIdSampler high = new TraceIdSampler(seed, 0.2);
        TraceIdSampler otherDevice = new TraceIdSampler(TraceIdSampler.seedOf("fleet-a"), 0.05);
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 20_000; i++) {
            Id id = Id.traceId(random.nextLong(), random.nextLong());
            assertThat(otherDevice.keep(id)).isEqualTo(low.keep(id));
            if (low.keep(id)) {
                assertThat(high.keep(id)).as("kept at 5%% so kept at 20%%").isTrue();
            }
        }
    }

    @Test
    void shouldMakeDifferentDecisionsUnderAnotherSeed() {
        TraceIdSampler a = new TraceIdSampler(TraceIdSampler.seedOf("fleet-a"), 0.5);
        TraceIdSampler b = new TraceIdSampler(TraceIdSampler.seedOf("fleet-b"), 0.5);
        SplittableRandom random = new SplittableRandom(5);
        int differ = 0;
        for (int i = 0; i < 10_000; i++) {
            Id id = Id.traceId(random.nextLong(), random.nextLong());
            if (a.keep(id) != b.keep(id)) {
                differ++;
            }
        }
        assertThat(differ).isBetween(4_500, 5_500); // independent decisions differ half the time
    }

    @Test
    void shouldKeepAllAtOneAndNoneAtZeroAndRefuseRatesOutsideZeroToOne() {
        Id id = Id.traceId(1, 2);
        assertThat(new TraceIdSampler(1, 1).keep(id)).isTrue();
        assertThat(new TraceIdSampler(1, 0).keep(id)).isFalse();
        assertThatThrownBy(() -> new TraceIdSampler(1, 1.5)).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new TraceIdSampler(1, Double.NaN)).hasMessageContaining("between 0 and 1");
    }
}
