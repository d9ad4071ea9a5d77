package io.edgeobs.agent.diag;

import io.edgeobs.durablelog.DurableLog;
import io.edgeobs.durablelog.DurableLogConfig;
import io.edgeobs.model.Batch;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.BatchCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The per-segment index over a real durable log: built from what was there, then kept by the appends. */
class LocalIndexTest {

    private static final long T = 1_764_000_000_000_000_000L;

    @TempDir
    Path dir;

    private static Batch batch(String name, int points) {
        List<MetricPoint> p = new ArrayList<>();
        for (int i = 0; i < points; i++) {
            p.add(MetricPoint.gauge(name, i, T + i, Tags.of("i", Integer.toString(i))));
        }
        return Batch.ofMetrics(Resource.device("d", "t", "v"), 0, p);
    }

    private static long append(DurableLog log, LocalIndex index, Batch b) {
        long offset = log.append(BatchCodec.encode(b));
        if (index != null) {
            index.onAppended(offset, b);
        }
        return offset;
    }

    @Test
    void shouldIndexWhatTheLogHeldBeforeStartAndWhatIsAppendedAfterAcrossSegments() {
        try (DurableLog log = DurableLog.open(DurableLogConfig.defaults(dir).withSegmentBytes(4096))) {
            // Given entries written before the index existed (an agent restart), over several segments
            for (int i = 0; i < 20; i++) {
                append(log, null, batch(i == 3 ? "before_restart" : "filler", 20));
            }
            LocalIndex index = new LocalIndex(log);

            // When it is built, and more is appended, rolling new segments
            index.build();
            for (int i = 0; i < 20; i++) {
                append(log, index, batch(i == 17 ? "after_restart" : "filler", 20));
            }

            // Then both are found in exactly one segment each, and the record count is exact
            assertThat(index.candidates(s -> s.mayHoldName("before_restart"::equals))).hasSize(1);
            assertThat(index.candidates(s -> s.mayHoldName("after_restart"::equals))).hasSize(1);
            assertThat(index.segmentCount()).isEqualTo(log.segments().size()).isGreaterThan(4);
            assertThat(index.recordsFrom(0)).isEqualTo(40 * 20);
            assertThat(index.recordsFrom(10)).isEqualTo(30 * 20);
            LocalIndex.Candidate c = index.candidates(s -> s.mayHoldName("after_restart"::equals)).get(0);
            assertThat(index.read(c)).anyMatch(l -> l.batch().metrics().get(0).name().equals("after_restart"));
        }
    }

    @Test
    void shouldForgetSegmentsTheLogDeleted() {
        try (DurableLog log = DurableLog.open(DurableLogConfig.defaults(dir).withSegmentBytes(4096))) {
            LocalIndex index = new LocalIndex(log);
            var exporter = log.consumer("export");
            long last = 0;
            for (int i = 0; i < 30; i++) {
                last = append(log, index, batch("m", 20));
            }
            int before = index.segmentCount();

            // When everything is acknowledged (no local retention: segments are deleted)
            exporter.ack(last);
            index.refresh();

            // Then only what the log still holds is indexed
            assertThat(before).isGreaterThan(2);
            assertThat(index.segmentCount()).isEqualTo(log.segments().size()).isLessThan(before);
            assertThat(index.recordsFrom(last + 1)).isZero();
        }
    }
}
