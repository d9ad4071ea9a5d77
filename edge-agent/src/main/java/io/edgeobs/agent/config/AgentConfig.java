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

    /**
     * The fleet this device belongs to: a manifest must be for it, and it names the gateway's
     * {@code /v1/manifests/{fleet}}. (The gateway takes the fleet from the device token, never from here.)
     */
    Optional<String> fleet();

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

    Policy policy();

    Health health();

    Manifest manifest();

    /**
     * The signed manifest that drives this device (scrape targets, sampling and limits, exporter, pinned schema
     * versions). Without a file or the gateway as its source the configuration alone applies.
     */
    interface Manifest {
        /** A local manifest file ({@code manifest.yaml} with {@code manifest.yaml.sig} beside it). */
        Optional<String> file();

        /** Also fetch the fleet's manifest from the gateway ({@code <gateway-url>/v1/manifests/<fleet>}). */
        @WithDefault("false")
        boolean fromGateway();

        /** Public keys (files or directories of *.pub / *.pem) whose signatures are trusted. */
        Optional<java.util.List<String>> trustedKeys();

        /** How often the sources are checked for a new version. */
        @WithDefault("30S")
        Duration pollInterval();
    }

    SelfTelemetry selfTelemetry();

    /** What readiness reports (liveness is the process alone). */
    interface Health {
        /** Not ready when the fullest buffer holds this share of its budget undelivered. */
        @WithDefault("0.95")
        double bufferFullAt();

        /** Not ready when data has waited this long without the receiver taking any. */
        @WithDefault("15M")
        Duration exportStale();
    }

    /** The agent's own health shipped as telemetry, so the backend's fleet view sees every agent. */
    interface SelfTelemetry {
        /** How often the {@code edgeobs_agent_*} meters are recorded as metric points; 0 turns it off. */
        @WithDefault("30S")
        Duration interval();
    }

    /**
     * Sampling and limits of this device (a manifest's {@code spec.policy} replaces them when one is in force).
     */
    interface Policy {
        Traces traces();

        Metrics metrics();

        Logs logs();

        /**
         * Graceful degradation steps by name, in force while the fullest buffer is above {@code at} of its budget.
         * Defaults (application.properties): {@code drop-debug} at 0.7 drops logs below info; {@code fewer-traces}
         * at 0.9 scales trace sampling by 0.1.
         */
        java.util.Map<String, Step> degrade();

        interface Traces {
            /** Share of traces kept, by a seeded hash of the trace id. */
            @WithDefault("0.01")
            double rate();

            /** Fleet-wide seed of that hash: every device of a fleet must use the same one. */
            @WithDefault("edgeobs")
            String seed();

            /** Keep spans with error status even when their trace is not sampled. */
            @WithDefault("true")
            boolean keepErrors();

            /** Rates for particular services (workloads), overriding {@code rate}. */
            java.util.Map<String, Double> serviceRates();
        }

        interface Metrics {
            /** Samples per second allowed per series (token bucket, same burst); 0 for no limit. */
            @WithDefault("10")
            double samplesPerSecond();

            /** Distinct series one metric name may have on this device; new series beyond it are dropped. */
            @WithDefault("1000")
            int maxSeriesPerName();

            /** Distinct series in all (bounds the limiter's memory). */
            @WithDefault("50000")
            int maxSeries();

            /** A series not seen for this long is forgotten and stops counting toward the caps. */
            @WithDefault("10M")
            Duration seriesIdle();
        }

        interface Logs {
            /** Records per second per level ({@code trace}, {@code debug}, {@code info}, ...); absent: unlimited. */
            java.util.Map<String, Double> perSecond();
        }

        interface Step {
            /** Fill (0..1) of the fullest buffer above which the step is in force. */
            double at();

            /** The step is relaxed below {@code at - hysteresis}. */
            @WithDefault("0.05")
            double hysteresis();

            /** {@code drop-logs-below} or {@code scale-trace-rate}. */
            String action();

            /** For {@code drop-logs-below}: the lowest level still kept. */
            Optional<String> level();

            /** For {@code scale-trace-rate}: the factor applied to every trace sampling rate. */
            @WithDefault("0.1")
            double factor();
        }
    }

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

        /**
         * How long delivered data stays on the device for local diagnostics queries. It lives inside the budget and
         * is the first to give way to new data; 0 deletes it once delivered.
         */
        @WithDefault("1D")
        Duration localRetention();

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
