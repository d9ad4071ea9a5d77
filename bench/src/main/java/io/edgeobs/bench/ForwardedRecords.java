package io.edgeobs.bench;

import io.edgeobs.model.Batch;
import io.edgeobs.model.Envelope;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.ConfluentFraming;
import io.edgeobs.simulator.Profile;
import io.edgeobs.simulator.Sender;
import io.edgeobs.simulator.SimulatedDevice;
import io.edgeobs.simulator.Stats;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Kafka records as the edge gateway forwards them (ADR 0005, {@code EntryProcessor} and {@code KafkaSink}): the
 * device's batch with the tenant and fleet of its token and the gateway's envelope, in the deterministic encoding,
 * Confluent-framed; key {@code tenant/device_id}; headers {@code edgeobs.batch.id} (SHA-256 of the encoding, hex)
 * and {@code edgeobs.dedup} ({@code seq} for a device's numbered batch). Prepared before a run, so a run measures
 * only the producer.
 */
final class ForwardedRecords {

    /** Message index of {@code Batch} in telemetry.proto, as the gateway frames it. */
    private static final int[] BATCH_INDEX = {io.edgeobs.model.proto.Batch.getDescriptor().getIndex()};
    /** The gateway's defaults ({@code edgeobs.gateway.gateway-id}, {@code region}) and a token's tenant and fleet. */
    private static final String GATEWAY_ID = "gateway-1";
    private static final String REGION = "local";
    static final String TENANT = "bench";
    static final String FLEET = "fleet-1";

    /** One record ready to send: what the gateway would hand to its producer for {@code signal}. */
    record Forwarded(Signal signal, byte[] key, byte[] value, byte[] batchId, byte[] dedup, int records) {
    }

    private ForwardedRecords() {
    }

    /**
     * {@code exports} exports of {@code devices} simulated devices of the reference profile (device-simulator: 500
     * points of node_exporter-like series every 10 s, 10 traces and 5 logs a minute), device after device within an
     * export, each signal's batch as its own record, as the gateway receives and forwards them.
     */
    static List<Forwarded> reference(int devices, int exports) {
        Profile profile = Profile.reference();
        List<Forwarded> out = new ArrayList<>();
        long now = System.currentTimeMillis() * 1_000_000L;
        Sender capture = (batch, encoded) -> {
            out.add(forward(batch, now + out.size()));
            return Sender.Outcome.DELIVERED;
        };
        List<SimulatedDevice> fleet = new ArrayList<>(devices);
        Stats stats = new Stats();
        long seqBase = System.currentTimeMillis() * 1000;
        for (int i = 0; i < devices; i++) {
            Resource r = new Resource("", "", "sim-" + i, "sim-rpi4", "simulator-0.1.0", Tags.of("simulated", "true"));
            fleet.add(new SimulatedDevice(r, profile, 1_000_003L + i, seqBase, Long.MAX_VALUE, stats));
        }
        long t0 = now - exports * profile.exportEvery().toNanos();
        for (int e = 0; e < exports; e++) {
            for (SimulatedDevice d : fleet) {
                d.produce(t0 + e * profile.exportEvery().toNanos());
                d.flush(capture);
            }
        }
        return out;
    }

    /** The edge gateway benchmark's agent batches (1,000 points from 200 devices), as the gateway forwards them. */
    static List<Forwarded> gatewayBench() {
        List<Forwarded> out = new ArrayList<>();
        long now = System.currentTimeMillis() * 1_000_000L;
        for (Batch b : GatewayThroughputBench.batches()) {
            out.add(forward(b, now + out.size()));
        }
        return out;
    }

    /** What the gateway makes of a device's batch received at {@code receivedAtNanos}. */
    static Forwarded forward(Batch deviceBatch, long receivedAtNanos) {
        Batch owned = deviceBatch.withResource(deviceBatch.resource().withTenantAndFleet(TENANT, FLEET))
                .withEnvelope(new Envelope(GATEWAY_ID, REGION, receivedAtNanos));
        byte[] encoded = BatchCodec.encode(owned);
        Signal s = owned.signal();
        return new Forwarded(s, (TENANT + "/" + owned.resource().deviceId()).getBytes(StandardCharsets.UTF_8),
                ConfluentFraming.encode(s.ordinal() + 1, BATCH_INDEX, encoded),
                BatchCodec.contentId(encoded).getBytes(StandardCharsets.UTF_8),
                (owned.batchSeq() > 0 ? "seq" : "content").getBytes(StandardCharsets.UTF_8), owned.size());
    }
}
