package io.edgeobs.gateway.intake;

import io.edgeobs.model.Batch;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ProtoMapper;
import io.edgeobs.model.proto.MetricPoint;
import io.edgeobs.model.proto.Tag;

import java.util.List;

/**
 * The deterministic encoding of a batch the intake took, with its new resource and envelope. For a metrics batch
 * that arrived in canonical form (every tag list sorted by key, no fields this schema does not know, which is what
 * edgeobs writers send) the parsed message is written again with only its resource and envelope replaced: the same
 * bytes {@link BatchCodec#encode(Batch)} gives, without building every point's message a second time. Anything
 * else takes the general path.
 */
final class Reencoder {

    private Reencoder() {
    }

    static byte[] encode(io.edgeobs.model.proto.Batch parsed, Batch owned) {
        if (parsed == null || !isCanonicalMetrics(parsed, owned.size())) {
            return BatchCodec.encode(owned);
        }
        var b = parsed.toBuilder().setResource(ProtoMapper.toProto(owned.resource())).setBatchSeq(owned.batchSeq());
        if (owned.envelope() != null) {
            b.setEnvelope(io.edgeobs.model.proto.Envelope.newBuilder().setGatewayId(owned.envelope().gatewayId())
                    .setRegion(owned.envelope().region())
                    .setReceivedAtUnixNanos(owned.envelope().receivedAtUnixNanos()));
        }
        return BatchCodec.encode(b.build());
    }

    static boolean isCanonicalMetrics(io.edgeobs.model.proto.Batch p, int records) {
        if (!p.hasMetrics() || !p.getUnknownFields().asMap().isEmpty()
                || !p.getMetrics().getUnknownFields().asMap().isEmpty() || p.getMetrics().getPointsCount() != records) {
            return false;
        }
        for (MetricPoint m : p.getMetrics().getPointsList()) {
            if (!m.getUnknownFields().asMap().isEmpty() || !sorted(m.getTagsList())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sorted(List<Tag> tags) {
        for (int i = 0; i < tags.size(); i++) {
            Tag t = tags.get(i);
            if (!t.getUnknownFields().asMap().isEmpty() || (i > 0 && tags.get(i - 1).getKey().compareTo(t.getKey()) >= 0)) {
                return false;
            }
        }
        return true;
    }
}
