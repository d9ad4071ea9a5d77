package io.edgeobs.gateway.forward;

import io.edgeobs.gateway.policy.Aggregator;
import io.edgeobs.gateway.policy.PolicyEngine;
import io.edgeobs.gateway.policy.Policies;
import io.edgeobs.gateway.store.Entry;
import io.edgeobs.gateway.store.EntryCodec;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Signal;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ConfluentFraming;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns log entries, in log order, into Kafka records: the log clock, closing aggregation windows, the policy, the
 * Confluent framing. A batch no rule can touch is framed as it was stored, without decoding. During a replay of
 * entries already sent ({@code replay}), the state (clock, open windows) is rebuilt but nothing is emitted.
 */
final class EntryProcessor {

    /** Message index of {@code Batch} in telemetry.proto, for the framing (ADR 0005). */
    static final int[] BATCH_INDEX = {io.edgeobs.model.proto.Batch.getDescriptor().getIndex()};

    private final Signal signal;
    private final String topic;
    private final int schemaId;
    private final Policies policy;
    private final Aggregator aggregator;
    private final LocalSink local;
    private long clock;
    private long withheld;

    EntryProcessor(Signal signal, String topic, int schemaId, Policies policy, Aggregator aggregator,
                   LocalSink local, long clock) {
        this.signal = signal;
        this.topic = topic;
        this.schemaId = schemaId;
        this.policy = policy;
        this.aggregator = aggregator;
        this.local = local;
        this.clock = clock;
    }

    long clock() {
        return clock;
    }

    long withheld() {
        return withheld;
    }

    /** Processes the entry at {@code offset}, adding what it produces to {@code out} unless {@code replay}. */
    void process(long offset, byte[] payload, boolean replay, List<KafkaSink.Output> out) {
        Entry entry = EntryCodec.decode(payload);
        long before = clock;
        clock = Math.max(clock, entry.clockNanos());
        if (aggregator != null) {
            aggregator.at(offset, before, clock);
            for (Batch b : aggregator.closeDue()) {
                if (!replay) {
                    out.add(output(b, BatchCodec.encode(b), false));
                }
            }
        }
        if (!(entry instanceof Entry.BatchEntry e)) {
            return;
        }
        PolicyEngine engine = policy.engine();
        if (!engine.touches(signal, e.tenant(), e.fleet(), e.deviceType(), e.deviceId())) {
            if (!replay) {
                out.add(new KafkaSink.Output(topic, e.key(), ConfluentFraming.encode(schemaId, BATCH_INDEX, e.batch()),
                        HexFormat.of().formatHex(e.contentId()), e.dedupBySeq(), e.records()));
            }
            return;
        }
        Batch batch = BatchCodec.decode(e.batch());
        PolicyEngine.Outcome o = engine.apply(batch, aggregator != null ? aggregator : (rule, resource, point) -> false);
        if (replay) {
            return;
        }
        policy.count(engine.document(), o.hits());
        if (!o.local().isEmpty()) {
            local.keep(offset, batch.withRecords(o.local()));
        }
        if (!o.changed()) {
            out.add(new KafkaSink.Output(topic, e.key(), ConfluentFraming.encode(schemaId, BATCH_INDEX, e.batch()),
                    HexFormat.of().formatHex(e.contentId()), e.dedupBySeq(), e.records()));
            return;
        }
        withheld += batch.size() - o.forwarded().size() - o.local().size();
        if (!o.forwarded().isEmpty()) {
            Batch kept = batch.withRecords(o.forwarded());
            out.add(output(kept, BatchCodec.encode(kept), e.dedupBySeq()));
        }
    }

    private KafkaSink.Output output(Batch b, byte[] encoded, boolean bySeq) {
        return new KafkaSink.Output(topic, b.resource().tenant() + "/" + b.resource().deviceId(),
                ConfluentFraming.encode(schemaId, BATCH_INDEX, encoded), HexFormat.of().formatHex(sha256(encoded)),
                bySeq, b.size());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
