package io.edgeobs.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Configuration of the ingest-service, under {@code edgeobs.ingest.*}. Every property has a documented default;
 * the table in the module README lists them all.
 */
@ConfigMapping(prefix = "edgeobs.ingest")
public interface IngestConfig {

    /** Kafka topics consumed. */
    @WithDefault("edgeobs.metrics,edgeobs.spans,edgeobs.logs")
    List<String> topics();

    /** Kafka consumer group; instances with the same group share partitions. */
    @WithDefault("edgeobs-ingest")
    String consumerGroup();

    /** Records more than this far in the future (by the ingest host's clock) go to the DLQ. */
    @WithDefault("1d")
    Duration maxFutureSkew();

    Kafka kafka();

    SchemaRegistry schemaRegistry();

    Storage storage();

    Retry retry();

    Sinks sinks();

    OpenSearch opensearch();

    Otlp otlp();

    /** Kafka clients: consumers of the signal topics and the DLQ producer. */
    interface Kafka {
        /** Bootstrap servers; by default the {@code kafka.bootstrap.servers} the local stack and tests set. */
        @WithDefault("${kafka.bootstrap.servers:127.0.0.1:9092}")
        String bootstrapServers();

        /** Consumer threads in this instance, each with its own consumer and database connection. */
        @WithDefault("2")
        int consumers();

        /**
         * Records per poll, so per database transaction. 200 device batches of about 1,000 points are 200,000
         * rows: large enough that COPY dominates the per-transaction cost, small enough that one poll's rows (about
         * 30 MiB decoded) per consumer fit the 256 MiB heap the local stack gives each service.
         */
        @WithDefault("200")
        int maxPollRecords();

        /** Bytes fetched per partition and request; Kafka's default of 1 MiB, so a poll holds a bounded amount. */
        @WithDefault("1048576")
        int maxPartitionFetchBytes();

        /** Topic that receives records that cannot be stored (ADR 0005). */
        @WithDefault("edgeobs.dlq")
        String dlqTopic();

        /** How long one poll waits for records. */
        @WithDefault("500ms")
        Duration pollTimeout();

        /**
         * How long the group waits for a consumer that stopped answering before its partitions go to another one
         * (Kafka's default). A crashed instance's partitions wait this long, unless it comes back with the same
         * {@code instance-id}.
         */
        @WithDefault("45s")
        Duration sessionTimeout();

        /**
         * Static group membership: a name that is stable across restarts and unique per instance (a StatefulSet
         * pod name, a host name). An instance that restarts with it takes its partitions back at once, without a
         * rebalance. Consumer {@code i} of the instance uses {@code <instance-id>-<i>}.
         */
        Optional<String> instanceId();
    }

    /** The schema registry that resolves the schema ids in the Confluent framing. */
    interface SchemaRegistry {
        /** Registry URL; by default {@code edgeobs.schema-registry.url}, else the local registry's port 8081. */
        @WithDefault("${edgeobs.schema-registry.url:http://127.0.0.1:8081}")
        String url();

        /** Bearer token for reads, when the registry keeps reads closed. */
        Optional<String> token();

        /** Timeout of one registry request. */
        @WithDefault("5s")
        Duration timeout();

        /** How long an id the registry does not know is remembered as unknown, so a flood of such records costs one lookup. */
        @WithDefault("60s")
        Duration unknownIdTtl();
    }

    /** PostgreSQL / TimescaleDB storage. */
    interface Storage {
        /** {@code auto} (TimescaleDB when the extension is available), {@code postgresql} or {@code timescaledb}. */
        @WithDefault("auto")
        String dialect();

        /** How long raw metric points are kept. */
        @WithDefault("7d")
        Duration rawRetention();

        /** How long 1-minute rollups ({@code metrics_1m}) are kept. */
        @WithDefault("90d")
        Duration rollup1mRetention();

        /** How long 1-hour rollups ({@code metrics_1h}) are kept. */
        @WithDefault("730d")
        Duration rollup1hRetention();

        /** How long spans are kept. */
        @WithDefault("7d")
        Duration spanRetention();

        /** How long log records are kept. */
        @WithDefault("7d")
        Duration logRetention();

        /**
         * How long ledger rows are kept. Must exceed how long a batch can be delivered again: the Kafka topics'
         * retention, and the gateways' store-and-forward horizon.
         */
        @WithDefault("14d")
        Duration ledgerRetention();

        /** PostgreSQL dialect: daily partitions created this many days ahead of today. */
        @WithDefault("3")
        int partitionsAhead();

        /** How often partitions are created ahead and expired ones dropped (PostgreSQL dialect), and the ledger trimmed. */
        @WithDefault("10m")
        Duration maintenanceEvery();

        /** How often the rollup job folds newly written points into {@code metrics_1m} and {@code metrics_1h} (PostgreSQL dialect). */
        @WithDefault("30s")
        Duration rollupEvery();

        /**
         * Series ids kept in memory. An entry is about 300 bytes, so the default holds a fleet of 2,000 devices
         * with 250 series each in about 150 MiB; a miss costs one bulk round trip, not one per point.
         */
        @WithDefault("500000")
        int seriesCacheSize();

        /**
         * Metric points through a staging table and INSERT ... SELECT, instead of binary COPY straight into
         * {@code metric_points}. Off by default: the ledger claim already makes the write exactly once, and the
         * direct COPY is faster (see ADR 0021 and docs/benchmarks.md).
         */
        @WithDefault("false")
        boolean stageMetricPoints();
    }

    /** How writes are retried while the database, the registry, Kafka or a sink is unavailable. */
    interface Retry {
        /** First wait after a failure. */
        @WithDefault("500ms")
        Duration initialBackoff();

        /** Longest wait between attempts; the wait doubles up to it. */
        @WithDefault("15s")
        Duration maxBackoff();
    }

    /** Where each signal is stored. */
    interface Sinks {
        /** Logs: {@code postgresql}, {@code opensearch} or {@code both}. */
        @WithDefault("postgresql")
        String logs();

        /** Spans: {@code postgresql}, {@code otlp} (Jaeger or any OTLP backend) or {@code both}. */
        @WithDefault("postgresql")
        String spans();
    }

    /** The OpenSearch log sink. */
    interface OpenSearch {
        /** Base URL; by default {@code edgeobs.opensearch.url}, else port 9200 on this host. */
        @WithDefault("${edgeobs.opensearch.url:http://127.0.0.1:9200}")
        String url();

        /** Most bytes in one {@code _bulk} request; OpenSearch's own advice is 5-15 MiB. */
        @WithDefault("5242880")
        int maxBulkBytes();

        /** Attempts for items refused with 429 before the whole poll is retried later. */
        @WithDefault("5")
        int itemRetries();

        /** Timeout of one request. */
        @WithDefault("30s")
        Duration timeout();
    }

    /** The OTLP span sink (Jaeger's OTLP receiver or any OTLP/HTTP backend). */
    interface Otlp {
        /** Base URL; spans are posted to {@code <endpoint>/v1/traces}. */
        @WithDefault("http://127.0.0.1:4318")
        String endpoint();

        /** Spans per request. */
        @WithDefault("2000")
        int maxSpansPerRequest();

        /** Timeout of one request. */
        @WithDefault("30s")
        Duration timeout();
    }
}
