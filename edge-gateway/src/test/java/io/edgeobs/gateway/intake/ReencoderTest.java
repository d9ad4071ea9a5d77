package io.edgeobs.gateway.intake;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Envelope;
import io.edgeobs.model.Id;
import io.edgeobs.model.MetricKind;
import io.edgeobs.model.MetricPoint;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ProtoMapper;
import io.edgeobs.model.proto.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ReencoderTest {

    private static Batch randomMetrics(Random r) {
        List<MetricPoint> points = new ArrayList<>();
        for (int i = 0; i < 1 + r.nextInt(50); i++) {
            Tags.Builder tags = Tags.builder();
            for (int t = 0; t < r.nextInt(6); t++) {
                tags.put("k" + r.nextInt(20), "v" + r.nextInt(1000));
            }
            points.add(new MetricPoint("m" + r.nextInt(5), r.nextDouble() * (r.nextBoolean() ? -1 : 1), r.nextBoolean() ? "" : "s",
                    r.nextLong() >>> 2, tags.build(), MetricKind.values()[r.nextInt(2)],
                    r.nextInt(4) == 0 ? Id.traceId(r.nextLong() | 1, r.nextLong()) : Id.EMPTY));
        }
        return Batch.ofMetrics(new Resource("", "", "dev-" + r.nextInt(9), "pump", "1", Tags.of("site", "s" + r.nextInt(3))),
                r.nextInt(1000), points);
    }

    @Test
    void shouldWriteExactlyTheCanonicalEncodingOfTheOwnedBatch() {
        Random r = new Random(11);
        for (int i = 0; i < 500; i++) {
            // Given a batch as an edgeobs agent encodes it, parsed, and the gateway's owned version of it
            Batch sent = randomMetrics(r);
            io.edgeobs.model.proto.Batch parsed = io.edgeobs.model.proto.Batch.newBuilder(ProtoMapper.toProto(sent)).build();
            Batch owned = sent.withResource(sent.resource().withTenantAndFleet("acme", "pumps"))
                    .withEnvelope(new Envelope("gw", "eu", r.nextLong() >>> 1));

            // Then the shortcut gives the bytes the general encoder gives
            assertThat(Reencoder.isCanonicalMetrics(parsed, sent.size())).isTrue();
            assertThat(Reencoder.encode(parsed, owned)).isEqualTo(BatchCodec.encode(owned));
        }
    }

    @Test
    void shouldTakeTheGeneralPathForUnsortedTagsAndUnknownFields() {
        // Given a point whose tags a foreign writer left unsorted, and a batch carrying a field from a newer schema
        Batch sent = Batch.ofMetrics(Resource.device("d", "t", "1"), 3,
                List.of(MetricPoint.gauge("m", 1, 5, Tags.of("a", "1", "b", "2"))));
        var proto = ProtoMapper.toProto(sent);
        var unsorted = proto.toBuilder().setMetrics(proto.getMetrics().toBuilder().setPoints(0, proto.getMetrics()
                .getPoints(0).toBuilder().clearTags().addTags(Tag.newBuilder().setKey("b").setValue("2"))
                .addTags(Tag.newBuilder().setKey("a").setValue("1")))).build();
        var newer = proto.toBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                .addField(99, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(1).build()).build()).build();
        Batch owned = sent.withEnvelope(new Envelope("gw", "eu", 1));

        // Then both are written canonically, as the model sees them
        assertThat(Reencoder.isCanonicalMetrics(unsorted, 1)).isFalse();
        assertThat(Reencoder.isCanonicalMetrics(newer, 1)).isFalse();
        assertThat(Reencoder.encode(unsorted, owned)).isEqualTo(BatchCodec.encode(owned));
        assertThat(Reencoder.encode(newer, owned)).isEqualTo(BatchCodec.encode(owned));
    }
}
