package io.edgeobs.model.codec;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Fields;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Tags;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class DeterministicEncodingTest {

    @Provide
    Arbitrary<Batch> batches() {
        return BatchArbitraries.batches();
    }

    @Property(tries = 300)
    void decodeOfEncodeIsTheSameBatch(@ForAll("batches") Batch batch) {
        // When
        Batch decoded = BatchCodec.decode(BatchCodec.encode(batch));

        // Then
        assertThat(decoded).isEqualTo(batch);
    }

    @Property(tries = 300)
    void encodingIsStableAcrossRepeatedCalls(@ForAll("batches") Batch batch) {
        assertThat(BatchCodec.encode(batch)).isEqualTo(BatchCodec.encode(BatchCodec.decode(BatchCodec.encode(batch))));
        assertThat(BatchCodec.contentId(batch)).hasSize(64).isEqualTo(BatchCodec.contentId(batch));
    }

    @Property(tries = 300)
    void tagOrderAndMapImplementationNeverChangeTheBytes(@ForAll("batches") Batch batch, @ForAll long seed) {
        // Given the same logical batch rebuilt with tags and fields inserted in another order into other maps
        Batch rebuilt = rebuild(batch, seed);

        // Then
        assertThat(rebuilt).isEqualTo(batch);
        assertThat(BatchCodec.encode(rebuilt)).isEqualTo(BatchCodec.encode(batch));
        assertThat(BatchCodec.contentId(rebuilt)).isEqualTo(BatchCodec.contentId(batch));
    }

    private static Batch rebuild(Batch batch, long seed) {
        Resource r = batch.resource();
        Batch b = batch.withResource(r.withTags(Tags.copyOf(reorder(r.tags(), seed))));
        return switch (batch.signal()) {
            case METRICS -> {
                List<MetricPoint> points = new ArrayList<>();
                for (MetricPoint p : batch.metrics()) {
                    points.add(p.withTags(Tags.copyOf(reorder(p.tags(), seed))));
                }
                yield b.withRecords(points);
            }
            case LOGS -> {
                List<LogRecord> logs = new ArrayList<>();
                for (LogRecord l : batch.logs()) {
                    logs.add(l.withFields(reorderDeep(l.fields(), seed)));
                }
                yield b.withRecords(logs);
            }
            case SPANS -> b.withRecords(batch.spans().stream()
                    .map(s -> new io.edgeobs.model.Span(s.traceId(), s.spanId(), s.parentSpanId(), s.service(),
                            s.operation(), s.kind(), s.startUnixNanos(), s.durationNanos(), s.status(),
                            Tags.copyOf(reorder(s.tags(), seed)), s.events(), s.links()))
                    .toList());
        };
    }

    /** The same entries in a shuffled insertion order, in a map implementation chosen by the seed. */
    private static <V> Map<String, V> reorder(Map<String, V> map, long seed) {
        Map<String, V> target = switch ((int) Math.floorMod(seed, 3L)) {
            case 0 -> new HashMap<>();
            case 1 -> new LinkedHashMap<>();
            default -> new ConcurrentHashMap<>();
        };
        if (target instanceof ConcurrentHashMap && map.containsValue(null)) {
            target = new LinkedHashMap<>();
        }
        for (String key : BatchArbitraries.shuffledKeys(map, seed)) {
            target.put(key, map.get(key));
        }
        return target;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> reorderDeep(Map<String, Object> fields, long seed) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String key : BatchArbitraries.shuffledKeys(fields, seed)) {
            Object v = fields.get(key);
            out.put(key, v instanceof Map<?, ?> m ? reorderDeep((Map<String, Object>) m, seed + 1) : v);
        }
        return Fields.copyOf(out);
    }
}
