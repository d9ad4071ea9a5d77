package io.edgeobs.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Configuration of the edge-agent, under {@code edgeobs.agent.*}. Every property has a documented default. */
@ConfigMapping(prefix = "edgeobs.agent")
public interface AgentConfig {

    /** Identity of this device in the fleet; defaults to the host name. */
    @WithDefault("${HOSTNAME:local-device}")
    String deviceId();

    /** Device type, used to pick sampling and rate-limit policy. */
    @WithDefault("generic")
    String deviceType();

    /** Directory of the durable on-disk logs (one per signal), their checkpoints and the export state. */
    @WithDefault("data/agent")
    String dataDir();

    Buffer buffer();

    Export export();

    Otlp otlp();

    Scrape scrape();

    Tail tail();

    /** JSON log files the agent follows (README section "JSON log files"; ADR 0040). */
    interface Tail {
        /** How often followed files are checked for new lines, truncation and rotation. */
        @WithDefault("250ms")
        Duration pollInterval();

        /** How often the sources' globs are expanded again to pick up new files. */
        @WithDefault("1S")
        Duration scanInterval();

        /** Longest line; a longer one is truncated to this (at a character boundary) and counted. */
        @WithDefault("64K")
        io.quarkus.runtime.configuration.MemorySize maxLineSize();

        /** Most bytes read from one file in one poll, so one big file cannot starve the others; above max-line-size. */
        @WithDefault("256K")
        io.quarkus.runtime.configuration.MemorySize maxReadPerPoll();

        /** Most lines handed to the buffer in one append. */
        @WithDefault("500")
        int maxBatchLines();

        /** How long a file renamed or deleted away is still watched at its end for late writes before it is closed. */
        @WithDefault("10S")
        Duration rotateWait();

        /** A last line without newline is emitted after this long without growth; never when unset. */
        Optional<Duration> partialLineTimeout();

        /** Most files one source follows at once (each holds an open file descriptor). */
        @WithDefault("100")
        int maxFiles();

        /** Sources by name ({@code edgeobs.agent.tail.sources.app.paths=/var/log/app/*.log}). None by default. */
        java.util.Map<String, Source> sources();

        interface Source {
            /** Files or globs ({@code *}, {@code ?}, {@code [..]}, {@code {a,b}}, {@code **} across directories). */
            java.util.List<String> paths();

            /** Globs of paths not to follow, such as {@code /var/log/app/*.gz}. */
            Optional<java.util.List<String>> exclude();

            /** {@code beginning} or {@code end}: where to start in files found at this source's very first start. */
            @WithDefault("beginning")
            String startAt();

            /** Field that names the file a line came from; empty for none. */
            @WithDefault("file")
            String pathField();

            /** Fields added to every record of this source (they win over the line's own fields of that name). */
            java.util.Map<String, String> fields();
        }
    }

    /** Prometheus endpoints on the device that the agent scrapes. */
    interface Scrape {
        /**
         * Targets by name ({@code edgeobs.agent.scrape.targets.node.url=http://127.0.0.1:9100/metrics}); the name is
         * the {@code job} label. None by default.
         */
        java.util.Map<String, Target> targets();

        interface Target {
            /** The endpoint, such as {@code http://127.0.0.1:9100/metrics}. */
            String url();

            /** How often to scrape (at least 100 ms). */
            @WithDefault("15S")
            Duration interval();

            /** How long one scrape may take; defaults to the interval or 10 s, whichever is shorter. */
            Optional<Duration> timeout();

            /** Labels added to every series of the target. */
            java.util.Map<String, String> labels();
        }
    }

    /** The OTLP/HTTP receiver for applications on the device. */
    interface Otlp {
        /** Whether to listen at all. */
        @WithDefault("true")
        boolean enabled();

        /** Listen address: loopback by default, so only local applications reach it. */
        @WithDefault("127.0.0.1")
        String host();

        /** Port ({@code 0} picks a free one, for tests). */
        @WithDefault("4318")
        int port();

        /** Largest request body, compressed or not; larger requests get 413. */
        @WithDefault("4M")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();
    }

    /** The durable buffer: one log per signal, each with its share of the budget. */
    interface Buffer {
        /** Total disk budget of the three logs. */
        @WithDefault("64M")
        io.quarkus.runtime.configuration.MemorySize budget();

        /** Share of the budget for metrics; spans and logs split the rest equally. */
        @WithDefault("0.5")
        double metricsShare();

        /** Segment size (rollover). */
        @WithDefault("8M")
        io.quarkus.runtime.configuration.MemorySize segmentSize();

        /** Undelivered data older than this is expired (and counted). */
        @WithDefault("7D")
        Duration maxAge();

        /** {@code block} (push back on sources) or {@code drop_oldest} when the budget is reached. */
        @WithDefault("block")
        String fullPolicy();

        /** How long an append waits for room under {@code block} before the source is told to back off. */
        @WithDefault("2S")
        Duration blockTimeout();

        /** {@code every-batch} (no loss window), {@code interval} or {@code none}: see the durable-log README. */
        @WithDefault("every-batch")
        String sync();
    }

    /** Where and how buffered data leaves the device. */
    interface Export {
        /**
         * {@code gateway} (edge-gateway's /v1/batches), {@code otlp} (OTLP/HTTP straight to a backend), {@code file}
         * or {@code stdout} (JSON lines, for debugging).
         */
        @WithDefault("gateway")
        String type();

        /** Base URL of the edge gateway; https enables TLS. */
        @WithDefault("http://127.0.0.1:8080")
        String gatewayUrl();

        /** Bearer device token issued by the gateway's admin. */
        Optional<String> deviceToken();

        /** Base URL of the OTLP/HTTP backend of the {@code otlp} exporter ({@code /v1/traces} etc. are appended). */
        @WithDefault("http://127.0.0.1:4318")
        String otlpUrl();

        /** Extra headers of the {@code otlp} exporter, such as an API key. */
        java.util.Map<String, String> otlpHeaders();

        /** File of the {@code file} exporter. */
        @WithDefault("data/agent/export.jsonl")
        String file();

        /** Most buffered entries in one exported batch. */
        @WithDefault("500")
        int maxEntries();

        /** Most payload bytes in one exported batch. */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize maxBytes();

        /** How long the exporter waits for more data before sending a small batch. */
        @WithDefault("1S")
        Duration linger();

        /** First retry delay after a failure; doubles (with jitter) up to {@link #retryMax()}. */
        @WithDefault("1S")
        Duration retryMin();

        @WithDefault("60S")
        Duration retryMax();

        /** Timeout of one export request. */
        @WithDefault("10S")
        Duration requestTimeout();
    }
}
