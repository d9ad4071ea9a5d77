package io.edgeobs.query.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Configuration of the query-service, under {@code edgeobs.query.*}. Every property has a documented default. */
@ConfigMapping(prefix = "edgeobs.query")
public interface QueryConfig {

    /** Longest time range one query may cover. */
    @WithDefault("P31D")
    Duration maxRange();

    /** Most points one series query may return. */
    @WithDefault("11000")
    int maxPoints();

    Auth auth();

    interface Auth {
        /**
         * API keys made at start if they do not exist, as {@code tenant:role:name:secret}, comma separated: the first
         * admin of a tenant, Grafana's viewer key. Secrets of at least 16 characters without {@code :} or {@code ,}.
         * Unset: no key is made (and nothing under /api answers until one is stored).
         */
        Optional<List<String>> seedKeys();
    }

    Alerts alerts();

    /** Alert rules, their evaluation and webhook notifications (ADR 0064). */
    interface Alerts {
        /** Whether rules are evaluated, notifications delivered and the rules file watched on a schedule. */
        @WithDefault("true")
        boolean enabled();

        /** Time between two evaluations of every rule (runs never overlap). */
        @WithDefault("30s")
        Duration interval();

        /** YAML file of rules, each with its tenant (format in ADR 0064); unset: rules come only from the API. */
        Optional<String> rulesFile();

        /** How often the rules file is checked for a change. */
        @WithDefault("10s")
        Duration rulesFileCheck();

        /** Webhook URL for rules without their own; unset: such rules keep state but notify nobody. */
        Optional<String> defaultWebhook();

        /** Time between two delivery runs over the notification outbox. */
        @WithDefault("5s")
        Duration deliveryInterval();

        /** Most notifications one delivery run sends. */
        @WithDefault("200")
        int deliveryBatch();

        /** Time a webhook may take to answer. */
        @WithDefault("10s")
        Duration webhookTimeout();

        /** Wait before the first retry of a notification; doubled each attempt up to retry-backoff-max. */
        @WithDefault("10s")
        Duration retryBackoff();

        /** Longest wait between two attempts. */
        @WithDefault("10m")
        Duration retryBackoffMax();

        /** Attempts after which a notification is given up (marked failed). */
        @WithDefault("12")
        int maxAttempts();

        /** Age after which an undelivered notification is given up (marked failed). */
        @WithDefault("24h")
        Duration maxAge();

        /** Age after which delivered and failed notifications are deleted from the outbox (checked hourly). */
        @WithDefault("P30D")
        Duration notificationRetention();

        /** Most subjects (devices or series) one rule evaluates; the rest are left out and logged. */
        @WithDefault("10000")
        int maxSubjects();
    }

    Metrics metrics();

    /** The metrics API ({@code /api/v1/metrics}). */
    interface Metrics {
        /** Most series one metrics query may read; a query matching more is refused with 400 (narrow by tag or device). */
        @WithDefault("500")
        int maxSeries();

        /** Most metric names one names request returns (also its default limit). */
        @WithDefault("1000")
        int maxNames();

        /** Most values listed per tag key by the tags endpoint; more sets {@code truncated}. */
        @WithDefault("500")
        int maxTagValues();

        /** Points per series a query aims at when no step is given (the step is range / this, rounded up to a nice value). */
        @WithDefault("300")
        int defaultPoints();

        /** With {@code source=auto}, ranges up to this long read raw points whatever the step (cheap, and exact for rate). */
        @WithDefault("1h")
        Duration rawMaxRange();

        /** How long the ingest service keeps raw points (its raw-retention); auto does not read raw for older ranges. */
        @WithDefault("7d")
        Duration rawRetention();

        /** How long the ingest service keeps {@code metrics_1m} (its rollup1m-retention); older ranges read metrics_1h. */
        @WithDefault("90d")
        Duration rollup1mRetention();
    }

    Logs logs();

    Fleet fleet();

    /** The log search API ({@code /api/v1/logs}). */
    interface Logs {
        /** Where logs are searched: {@code postgresql} (the ingest service's logs table) or {@code opensearch}. */
        @WithDefault("postgresql")
        String backend();

        /** Range searched when the request gives no {@code from}. */
        @WithDefault("1h")
        Duration defaultRange();

        /** Records per page when the request gives no {@code limit}. */
        @WithDefault("100")
        int defaultLimit();

        /** Most records one page may hold. */
        @WithDefault("1000")
        int maxLimit();

        LogsOpenSearch opensearch();
    }

    /** The OpenSearch log backend: the data streams {@code logs-edgeobs-<tenant>} the ingest service writes. */
    interface LogsOpenSearch {
        /** Base URL; by default {@code edgeobs.opensearch.url}, else port 9200 on this host. */
        @WithDefault("${edgeobs.opensearch.url:http://127.0.0.1:9200}")
        String url();

        /** Timeout of one search request. */
        @WithDefault("10s")
        Duration timeout();
    }

    /** The fleet view ({@code /api/v1/fleet}): when a device counts as silent or degraded. */
    interface Fleet {
        /** A device not seen for this long is {@code silent}. */
        @WithDefault("10m")
        Duration silentAfter();

        /** Buffer use (bytes over budget, percent) at or above which a device is {@code degraded}. */
        @WithDefault("80")
        double bufferPercent();

        /** Records dropped since the agent started (a counter that restarts with it) above which it is degraded. */
        @WithDefault("0")
        double droppedRecords();

        /** Buffered records not yet delivered (export lag, summed over signals) above which it is degraded. */
        @WithDefault("10000")
        double exportLag();

        /** Devices per page when the request gives no {@code limit}. */
        @WithDefault("100")
        int defaultLimit();

        /** Most devices (or gateways) one answer may hold. */
        @WithDefault("1000")
        int maxLimit();
    }

    /** The Jaeger-compatible query API under {@code /api} (v1 JSON and v3 OTLP JSON). */
    Jaeger jaeger();

    interface Jaeger {
        /** Traces a search returns when the request gives no limit (Jaeger's own default). */
        @WithDefault("100")
        int defaultLimit();

        /** Most traces one search may return; a larger {@code limit} is refused with 400. */
        @WithDefault("1500")
        int maxLimit();

        /** Most spans returned per trace; a longer trace is cut (earliest spans kept) with a trace warning. */
        @WithDefault("10000")
        int maxSpansPerTrace();

        /** How far back a search looks when it gives no start time (nor a lookback). */
        @WithDefault("PT1H")
        Duration defaultLookback();

        /** How far back {@code /api/dependencies} looks when it gives no lookback (Jaeger's default). */
        @WithDefault("PT24H")
        Duration dependenciesLookback();
    }
}
