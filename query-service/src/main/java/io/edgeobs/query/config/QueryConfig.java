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
}
