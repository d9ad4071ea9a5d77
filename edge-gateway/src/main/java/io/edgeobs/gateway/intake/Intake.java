package io.edgeobs.gateway.intake;

import io.edgeobs.durablelog.LogFullException;
import io.edgeobs.gateway.auth.Credential;
import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.error.GatewayException;
import io.edgeobs.gateway.store.EntryCodec;
import io.edgeobs.gateway.store.GatewayLogs;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Envelope;
import io.edgeobs.model.Signal;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.validation.BatchValidation;
import io.edgeobs.model.validation.ValidationLimits;
import io.edgeobs.model.validation.Validator;
import io.edgeobs.model.validation.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The way in for every intake endpoint: tenant and fleet from the credential, validation (invalid records dropped,
 * counted and reported, their neighbours kept), the envelope, and one durable append per request. It returns only
 * once the records are in the signal's log; a full log is a 503 with {@code Retry-After}, too many requests at once a
 * 429, and in both cases nothing of the request was kept.
 */
@ApplicationScoped
public class Intake {

    /** Where a batch came from; decides its dedup identity on Kafka (ADR 0005). */
    public enum Origin {
        /** An agent's batch: forwarded under the device's own {@code batch_seq}. */
        DEVICE,
        /** Made by the gateway from an OTLP or remote_write request: identified by content. */
        GATEWAY
    }

    private final GatewayLogs logs;
    private final String gatewayId;
    private final String region;
    private final Validator validator;
    private final Clock clock;
    private final Semaphore inFlight;
    private final int maxInFlight;
    private final Duration retryAfter;
    private final Map<Signal, Counter> acceptedRecords = new EnumMap<>(Signal.class);
    private final Map<Signal, Counter> invalidRecords = new EnumMap<>(Signal.class);
    private final Map<Signal, Counter> refusedFull = new EnumMap<>(Signal.class);
    private final Counter refusedBusy;

    public Intake(GatewayLogs logs, GatewayConfig config, MeterRegistry registry) {
        this.logs = logs;
        this.gatewayId = config.gatewayId();
        this.region = config.region();
        this.clock = Clock.systemUTC();
        GatewayConfig.Limits l = config.limits();
        this.validator = new Validator(new ValidationLimits(l.maxTags(), l.maxTagKeyBytes(), l.maxTagValueBytes(),
                l.maxLogMessageBytes(), ValidationLimits.DEFAULTS.minTimestamp(), l.maxFutureSkew()), clock);
        this.maxInFlight = config.intake().maxInFlight();
        this.inFlight = new Semaphore(maxInFlight);
        this.retryAfter = config.intake().retryAfter();
        this.refusedBusy = Counter.builder("edgeobs.gateway.requests.refused").tag("reason", "busy")
                .description("requests answered 429 because max-in-flight requests were being handled").register(registry);
        for (Signal s : Signal.values()) {
            String signal = GatewayLogs.name(s);
            acceptedRecords.put(s, Counter.builder("edgeobs.gateway.records.accepted").tag("signal", signal)
                    .description("records made durable in the gateway's log").register(registry));
            invalidRecords.put(s, Counter.builder("edgeobs.gateway.records.rejected").tag("signal", signal)
                    .tag("reason", "invalid").description("records refused by validation or conversion").register(registry));
            refusedFull.put(s, Counter.builder("edgeobs.gateway.records.refused").tag("signal", signal)
                    .tag("reason", "log_full").description("records pushed back (503) because the log was full")
                    .register(registry));
        }
    }

    /**
     * Admits one request: at most {@code intake.max-in-flight} are decoded and appended at once, which bounds the
     * memory their bodies and batches hold (at most that many times {@code limits.max-decompressed-size}). Beyond it
     * the client is told to retry shortly (429). Close the permit when the request is done.
     */
    public Permit admit() {
        if (!inFlight.tryAcquire()) {
            refusedBusy.increment();
            throw new GatewayException.Backpressure(429, "the gateway is handling " + maxInFlight
                    + " requests already; retry shortly", Duration.ofSeconds(1));
        }
        return inFlight::release;
    }

    /** A request's place among those in flight. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }

    /** Records of a request refused before they reached validation (conversion failures), for the counters. */
    public void countRejected(Signal signal, long count) {
        if (count > 0) {
            invalidRecords.get(signal).increment(count);
        }
    }

    /** A batch as decoded, with the message it was parsed from when there is one (see {@link Reencoder}). */
    public record Decoded(Batch batch, io.edgeobs.model.proto.Batch parsed) {
    }

    /** Accepts batches the gateway made (OTLP, remote_write); see {@link #acceptDecoded}. */
    public Accepted accept(Credential credential, Signal signal, List<Batch> batches, Origin origin) {
        return acceptDecoded(credential, signal, batches.stream().map(b -> new Decoded(b, null)).toList(), origin);
    }

    /**
     * Accepts batches of one signal from one request; returns once the valid records are durable.
     *
     * @throws GatewayException.BadRequest when a batch as a whole is invalid (its resource)
     * @throws GatewayException.Backpressure when the log is full (503) or too many requests are in flight (429)
     */
    public Accepted acceptDecoded(Credential credential, Signal signal, List<Decoded> batches, Origin origin) {
        long now = nanos(clock.instant());
        Envelope envelope = new Envelope(gatewayId, region, now);
        List<byte[]> entries = new ArrayList<>(batches.size());
        List<Violation> violations = new ArrayList<>();
        long accepted = 0;
        long rejected = 0;
        for (Decoded d : batches) {
            Batch b = d.batch();
            Batch owned = b.withResource(b.resource().withTenantAndFleet(credential.tenant(), credential.fleet()))
                    .withEnvelope(envelope);
            BatchValidation v = validator.validate(owned);
            violations.addAll(v.violations());
            if (v.isRejectedWhole()) {
                invalidRecords.get(signal).increment(owned.size());
                throw new GatewayException.BadRequest("the batch is refused as a whole: "
                        + v.violations().stream().map(Violation::toString).reduce((x, y) -> x + "; " + y).orElse("invalid"));
            }
            rejected += v.rejectedRecords();
            if (v.accepted().size() > 0) {
                byte[] encoded = v.rejectedRecords() == 0 ? Reencoder.encode(d.parsed(), owned) : BatchCodec.encode(v.accepted());
                entries.add(entry(v.accepted(), encoded, origin));
                accepted += v.accepted().size();
            }
        }
        if (rejected > 0) {
            invalidRecords.get(signal).increment(rejected);
        }
        if (!entries.isEmpty()) {
            append(signal, entries, accepted);
        }
        return new Accepted(accepted, rejected, violations);
    }

    private void append(Signal signal, List<byte[]> entries, long records) {
        try {
            logs.log(signal).append(entries);
            acceptedRecords.get(signal).increment(records);
        } catch (LogFullException e) {
            refusedFull.get(signal).increment(records);
            throw new GatewayException.Backpressure(503, "the gateway's " + GatewayLogs.name(signal)
                    + " log is full (Kafka is not taking data fast enough); keep the data and retry", retryAfter);
        }
    }

    private static byte[] entry(Batch batch, byte[] encoded, Origin origin) {
        return EntryCodec.encode(EntryCodec.of(batch, encoded, origin == Origin.DEVICE && batch.batchSeq() > 0));
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }
}
