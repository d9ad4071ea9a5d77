package io.edgeobs.gateway.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Configuration of the edge-gateway, under {@code edgeobs.gateway.*}. Every property has a documented default. */
@ConfigMapping(prefix = "edgeobs.gateway")
public interface GatewayConfig {

    /** Identity of this gateway, written into every batch's envelope. */
    @WithDefault("${HOSTNAME:gateway-1}")
    String gatewayId();

    /** Region this gateway serves, written into every batch's envelope. */
    @WithDefault("local")
    String region();

    /** Directory of the gateway's durable logs (one per signal), forwarding state, credentials and local store. */
    @WithDefault("data/gateway")
    String dataDir();

    /** Bearer token of the admin API ({@code /admin/...}); without one the admin API refuses every request. */
    Optional<String> adminToken();

    /**
     * Tenant API keys the gateway knows without issuing them, each {@code tenant:fleet:name:token} (the token at least
     * 24 characters; the name without ',' or ':'). The local stack gives one to the services for their own telemetry
     * (ADR 0070). Kept in memory only, never in {@code credentials.json}; revoking one is kept there and wins.
     */
    Optional<java.util.List<String>> seedApiKeys();

    Limits limits();

    Intake intake();

    Log log();

    Kafka kafka();

    Forward forward();

    SchemaRegistry schemaRegistry();

    Policy policy();

    Local local();

    Manifest manifest();

    /**
     * Signed manifests: the gateway's own (its policy, replacing {@code policy.file}) and the agents' ones it serves at
     * {@code GET /v1/manifests/{fleet}}.
     */
    interface Manifest {
        /** The gateway's signed manifest ({@code manifest.yaml} with its {@code .sig}); its spec names the policy file. */
        Optional<String> file();

        /** Public key files or directories whose signatures are trusted for the gateway's own manifest. */
        Optional<java.util.List<String>> trustedKeys();

        /** The fleet the gateway's manifest must be for. */
        Optional<String> fleet();

        /** How often the manifest file is checked for a new version. */
        @WithDefault("10S")
        Duration pollInterval();

        /**
         * Agents' manifests, one directory per fleet ({@code <dir>/<fleet>/manifest.yaml} and its {@code .sig}),
         * served to that fleet's devices. Agents verify them; the gateway only hands them out.
         */
        Optional<String> agentManifestsDir();
    }

    /** What one request may carry. */
    interface Limits {
        /** Largest request body as sent (compressed or not); larger is 413. */
        @WithDefault("8M")
        MemorySize maxBodySize();

        /** Largest body after decompression (a gzip or snappy bomb, or just too much); larger is 413. */
        @WithDefault("16M")
        MemorySize maxDecompressedSize();

        /** Most records (points, spans, log records) in one request; more is 413. */
        @WithDefault("100000")
        int maxRecords();

        /** Most tags on one record, event, link or resource (and top-level log fields). */
        @WithDefault("128")
        int maxTags();

        /** Longest tag key, UTF-8 bytes. */
        @WithDefault("256")
        int maxTagKeyBytes();

        /** Longest tag value, UTF-8 bytes. */
        @WithDefault("4096")
        int maxTagValueBytes();

        /** Longest log message (and string log field or span event tag value), UTF-8 bytes. */
        @WithDefault("65536")
        int maxLogMessageBytes();

        /** How far past the gateway's clock a record time may be. */
        @WithDefault("1D")
        Duration maxFutureSkew();
    }

    /** The intake's own bounds. */
    interface Intake {
        /**
         * Most requests being appended at once. Each holds its decoded batch in memory while it waits for the fsync;
         * 64 requests of at most {@code max-decompressed-size} bound that memory. Beyond it clients get 429.
         */
        @WithDefault("64")
        int maxInFlight();

        /** {@code Retry-After} sent with 429 and 503. */
        @WithDefault("5S")
        Duration retryAfter();
    }

    /** The store-and-forward logs, one per signal, each with its share of the budget. */
    interface Log {
        /** Disk budget of the three logs together. */
        @WithDefault("2G")
        MemorySize budget();

        /** Share of the budget for metrics; spans and logs split the rest equally. */
        @WithDefault("0.5")
        double metricsShare();

        /** Segment size (rollover); at most a quarter of a log's budget is used. */
        @WithDefault("32M")
        MemorySize segmentSize();

        /** Data Kafka never took within this age is expired (and counted). */
        @WithDefault("7D")
        Duration maxAge();

        /** How long an append waits for room when the log is full before the client is told to retry (503). */
        @WithDefault("1S")
        Duration blockTimeout();

        /** {@code every-batch} (no loss window), {@code interval} or {@code none}: see the durable-log README. */
        @WithDefault("every-batch")
        String sync();
    }

    /** The central Kafka. */
    interface Kafka {
        /** Bootstrap servers; defaults to Quarkus' usual {@code kafka.bootstrap.servers}. */
        @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9092}")
        String bootstrapServers();

        /** Topic of metrics batches. */
        @WithDefault("edgeobs.metrics")
        String metricsTopic();

        /** Topic of span batches. */
        @WithDefault("edgeobs.spans")
        String spansTopic();

        /** Topic of log batches. */
        @WithDefault("edgeobs.logs")
        String logsTopic();

        /** Producer compression: {@code lz4}, {@code zstd}, {@code snappy}, {@code gzip} or {@code none}. */
        @WithDefault("lz4")
        String compression();

        /** How long the producer waits to fill a request. */
        @WithDefault("5ms")
        Duration linger();

        /** Producer batch size per partition. */
        @WithDefault("512K")
        MemorySize batchSize();

        /** Largest record the producer sends; the topics' {@code max.message.bytes} must allow it. */
        @WithDefault("16M")
        MemorySize maxRequestSize();

        /** How long the producer keeps retrying a record before the gateway rebuilds it and sends again. */
        @WithDefault("60S")
        Duration deliveryTimeout();

        /** One produce request. */
        @WithDefault("15S")
        Duration requestTimeout();

        /** Any other producer setting ({@code security.protocol}, {@code sasl.*}, ...), passed as it is. */
        Map<String, String> producer();
    }

    /** Moving data from the logs to Kafka. */
    interface Forward {
        /** Whether to forward at all (off: the gateway only stores, for maintenance). */
        @WithDefault("true")
        boolean enabled();

        /** Most log entries (intake requests) read and sent in one round. */
        @WithDefault("2000")
        int maxEntries();

        /** Most bytes read in one round; bounds the memory of a round kept for a resend. */
        @WithDefault("32M")
        MemorySize maxBytes();

        /** Pause when the log is empty. */
        @WithDefault("20ms")
        Duration idlePoll();

        /** How often the forwarding position is persisted (what a crash may send again). */
        @WithDefault("1S")
        Duration checkpointInterval();

        /** First pause after Kafka failed a round; doubles up to {@link #retryMax()}. */
        @WithDefault("1S")
        Duration retryMin();

        @WithDefault("30S")
        Duration retryMax();
    }

    /** The schema registry that gives the ids in each Kafka value's framing. */
    interface SchemaRegistry {
        /** Base URL. */
        @WithDefault("http://127.0.0.1:8081")
        String url();

        /** Bearer token, where the registry's reads are closed. */
        Optional<String> token();

        /** One request. */
        @WithDefault("5S")
        Duration timeout();

        /** Pause between attempts while the registry is unreachable. */
        @WithDefault("2S")
        Duration retryInterval();
    }

    /** The fleet policy (versioned YAML). */
    interface Policy {
        /** The policy file; without one everything is forwarded and any schema version is accepted. */
        Optional<String> file();

        /** How often the file is checked for changes (a changed file is reloaded; an invalid one is refused). */
        @WithDefault("5S")
        Duration reloadInterval();

        /** Most series an {@code aggregate} rule keeps open at once; points of further series pass unaggregated. */
        @WithDefault("200000")
        int maxOpenSeries();
    }

    /** The store of {@code keep_local} logs, queryable at {@code GET /local/logs}. */
    interface Local {
        /** Disk budget of the local store; the oldest data goes first when it is full. */
        @WithDefault("256M")
        MemorySize budget();

        /** How long local logs are kept. */
        @WithDefault("24H")
        Duration retention();

        /** Most records one query returns. */
        @WithDefault("1000")
        int maxResults();
    }
}
