package io.edgeobs.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time of the benchmark's processes, by role: this JVM (Kafka broker and load generator), the ingest service,
 * PostgreSQL (postmaster and backends of both embedded servers), the schema registry. Read from the OS through
 * {@link ProcessHandle}, so it costs nothing while the benchmark runs.
 */
final class IngestCpu {

    private IngestCpu() {
    }

    /**
     * @param postgresData the data directory of the benchmark's PostgreSQL: its processes detach from this JVM
     *                     (pg_ctl daemonizes), so they are found by their command line instead
     */
    static Map<String, Duration> snapshot(String postgresData) {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        cpu.put("benchmark JVM (Kafka, load)", ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO));
        ProcessHandle.current().descendants().forEach(p -> {
            String role = role(p);
            if (!role.equals("PostgreSQL")) {
                cpu.merge(role, p.info().totalCpuDuration().orElse(Duration.ZERO), Duration::plus);
            }
        });
        cpu.put("PostgreSQL", Duration.ZERO);
        ProcessHandle.allProcesses().filter(p -> p.info().command().orElse("").endsWith("postgres")).forEach(p -> {
            if (postgresData == null || isBelow(p, postgresData)) {
                cpu.merge("PostgreSQL", p.info().totalCpuDuration().orElse(Duration.ZERO), Duration::plus);
            }
        });
        return cpu;
    }

    /** A postmaster names its data directory; its backends are its children. */
    private static boolean isBelow(ProcessHandle p, String dataDir) {
        for (ProcessHandle h = p; h != null; h = h.parent().orElse(null)) {
            if (String.join(" ", h.info().arguments().orElse(new String[0])).contains(dataDir)) {
                return true;
            }
            if (!h.info().command().orElse("").endsWith("postgres")) {
                return false;
            }
        }
        return false;
    }

    static Map<String, Duration> since(Map<String, Duration> before, String postgresData) {
        Map<String, Duration> now = snapshot(postgresData);
        Map<String, Duration> diff = new LinkedHashMap<>();
        now.forEach((k, v) -> diff.put(k, v.minus(before.getOrDefault(k, Duration.ZERO))));
        return diff;
    }

    static String describe(Map<String, Duration> cpu, double seconds) {
        return cpu.entrySet().stream().filter(e -> e.getValue().toMillis() > 0)
                .map(e -> String.format(Locale.ROOT, "%s %.1f s (%.0f%% of a core)", e.getKey(),
                        e.getValue().toMillis() / 1000.0, 100.0 * e.getValue().toMillis() / 1000.0 / seconds))
                .collect(Collectors.joining(", "));
    }

    private static final Map<String, String> SERVICES = Map.of("ingest-service", "ingest service",
            "schema-registry", "schema registry", "edge-gateway", "gateway", "query-service", "query service",
            "edge-agent", "edge agent");

    private static String role(ProcessHandle p) {
        String command = p.info().command().orElse("");
        String args = String.join(" ", p.info().arguments().orElse(new String[0]));
        // a service runs its module's jar (<module>/target/quarkus-app/quarkus-run.jar); its command line names other
        // services and PostgreSQL too (their URLs), so the jar decides first
        for (var e : SERVICES.entrySet()) {
            if (args.contains(e.getKey() + "/target/quarkus-app")) {
                return e.getValue();
            }
        }
        if (command.endsWith("postgres") || args.contains("postgres")) {
            return "PostgreSQL";
        }
        return "other";
    }
}
