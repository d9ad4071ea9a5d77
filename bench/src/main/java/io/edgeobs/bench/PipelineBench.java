package io.edgeobs.bench;

import io.edgeobs.model.Signal;
import io.edgeobs.simulator.Fleet;
import io.edgeobs.simulator.GatewaySender;
import io.edgeobs.simulator.Outage;
import io.edgeobs.simulator.Profile;
import io.edgeobs.simulator.Stats;
import io.edgeobs.stack.EmbeddedStack;
import io.edgeobs.testsupport.DataDirs;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The whole pipeline on this machine: simulated devices, at the reference profile, send agent batches to the local
 * stack's gateway; the gateway forwards through Kafka; ingest stores in PostgreSQL. Scenarios (all by default):
 * <ul>
 *   <li>{@code fleet}: device counts in steps (each step adds devices); a step is sustained when PostgreSQL stores
 *       what the devices produce and neither the devices' backlog nor the Kafka lag grows. The highest sustained step
 *       is then held ({@code --hold}, 5 minutes by default). End-to-end latency, device timestamp to queryable
 *       (committed in PostgreSQL, which the query API reads), is measured by probe points throughout.</li>
 *   <li>{@code outage}: the reference fleet keeps producing while every device's link to the gateway is down for
 *       {@code --outage}; then the backlog drain rate, as a multiple of the live rate, and the time to catch up.</li>
 *   <li>{@code footprint}: {@link AgentFootprintBench} (the agent beside Prometheus in agent mode).</li>
 *   <li>{@code ceilings}: {@link KafkaProducerCeiling} and {@link IngestCopyCeiling}, for the ratios.</li>
 * </ul>
 * Progress is printed every few seconds. The report is written as JSON ({@code --json}) and as a section of
 * {@code docs/benchmarks.md}.
 * <pre>
 *   ./mvnw -q -pl bench -am package -DskipTests &amp;&amp; ./mvnw -q package -DskipTests -pl edge-gateway,ingest-service,query-service,schema-registry,edge-agent
 *   java -Xmx3g -cp bench/target/benchmarks.jar io.edgeobs.bench.PipelineBench [fleet] [outage] [footprint] [ceilings]
 *        [--steps 1000,2000,3000,4000] [--step 60s] [--hold 300s] [--outage 60s] [--jfr]
 * </pre>
 */
public final class PipelineBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Options o;
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<String> markdown = new ArrayList<>();
    private EmbeddedStack stack;
    private String token;
    private Jfr profiled;

    record Options(List<String> scenarios, List<Integer> steps, Duration step, Duration warmup, Duration hold, Duration outage,
                   int outageDevices, int footprintSeconds, Duration ceilings, boolean jfr, Path json, Path docs,
                   String serviceJvm, String section, List<String> postgres) {

        static Options parse(String[] args) {
            List<String> scenarios = new ArrayList<>();
            List<Integer> steps = List.of(1000, 2000, 3000, 4000);
            Duration step = Duration.ofSeconds(60);
            Duration warmup = Duration.ofSeconds(60);
            Duration hold = Duration.ofMinutes(5);
            Duration outage = Duration.ofSeconds(60);
            int outageDevices = 1000;
            int footprint = 120;
            Duration ceilings = Duration.ofSeconds(30);
            boolean jfr = false;
            Path json = Path.of("docs/benchmarks-pipeline.json");
            Path docs = Path.of("docs/benchmarks.md");
            String jvm = "-Xmx2g -XX:+UseParallelGC";
            String section = "pipeline";
            // a sixth of this machine's 24 GiB: the (series_id, ts) index pages a fleet's inserts touch stay cached
            // and WAL room for a few minutes of the largest step, so checkpoints come from checkpoint_timeout (15 min)
            List<String> postgres = new ArrayList<>(List.of("shared_buffers=4GB", "max_wal_size=16GB"));
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "fleet", "outage", "footprint", "ceilings" -> scenarios.add(a);
                    case "--steps" -> steps = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                    case "--step" -> step = seconds(args[++i]);
                    case "--warmup" -> warmup = seconds(args[++i]);
                    case "--hold" -> hold = seconds(args[++i]);
                    case "--outage" -> outage = seconds(args[++i]);
                    case "--outage-devices" -> outageDevices = Integer.parseInt(args[++i]);
                    case "--footprint" -> footprint = Integer.parseInt(args[++i]);
                    case "--ceilings" -> ceilings = seconds(args[++i]);
                    case "--jfr" -> jfr = true;
                    case "--json" -> json = Path.of(args[++i]);
                    case "--docs" -> docs = Path.of(args[++i]);
                    case "--service-jvm" -> jvm = args[++i];
                    case "--section" -> section = args[++i];
                    case "--postgres-set" -> postgres.add(args[++i]);
                    default -> throw new IllegalArgumentException("unknown argument '" + a
                            + "': scenarios are fleet, outage, footprint, ceilings; options --steps N,N --step 60s --warmup 60s "
                            + "--hold 300s --outage 60s --outage-devices N --footprint SECONDS --ceilings 30s --jfr "
                            + "--json FILE --docs FILE --service-jvm FLAGS --section NAME --postgres-set key=value");
                }
            }
            if (scenarios.isEmpty()) {
                scenarios = List.of("fleet", "outage", "footprint", "ceilings");
            }
            return new Options(scenarios, steps, step, warmup, hold, outage, outageDevices, footprint, ceilings, jfr, json, docs, jvm,
                    section, List.copyOf(postgres));
        }

        private static Duration seconds(String v) {
            return Duration.ofSeconds(Long.parseLong(v.replaceAll("s$", "")));
        }
    }

    private PipelineBench(Options o) {
        this.o = o;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.setProperty("edgeobs.stack.jvm", o.serviceJvm());
        new PipelineBench(o).run(String.join(" ", args));
        System.exit(0);
    }

    private void run(String args) throws Exception {
        report.put("date", Instant.now().toString());
        report.put("machine", BenchReport.machine("java -cp bench/target/benchmarks.jar io.edgeobs.bench.PipelineBench " + args));
        report.put("services_jvm", o.serviceJvm());
        report.put("postgresql_settings", o.postgres());
        Path home = DataDirs.temporary("pipeline-bench-");
        try {
            if (o.scenarios().contains("fleet") || o.scenarios().contains("outage") || o.scenarios().contains("ceilings")) {
                progress("starting the local stack (home " + home + ") ...");
                List<String> stackArgs = new ArrayList<>(List.of("--home", home.toString(), "--root", Path.of("").toAbsolutePath().toString(),
                        "--devices", "0", "--agents", "0", "--port-offset", "3000", "--kafka-port", "22092",
                        "--postgres-port", "18432", "--self-telemetry", "off",
                        // every device has 500 series: the ingest service's series cache holds the largest step's
                        "--set", "ingest-service:edgeobs.ingest.storage.series-cache-size="
                                + Math.max(500_000, 550 * o.steps().stream().mapToInt(Integer::intValue).max().orElse(1000))));
                for (String setting : o.postgres()) {
                    stackArgs.addAll(List.of("--set", "postgresql:" + setting));
                }
                stack = EmbeddedStack.start(stackArgs);
                token = stack.deviceToken();
                EmbeddedStack started = stack;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    if (stack != null) {
                        started.close(); // Ctrl-C: stop the services too, not only this JVM
                    }
                }, "pipeline-bench-stop"));
            }
            if (o.scenarios().contains("fleet")) {
                fleet();
                write(args); // so far: a later failure keeps what was measured
            }
            if (o.scenarios().contains("outage")) {
                outage();
                write(args); // so far: a later failure keeps what was measured
            }
            if (o.scenarios().contains("ceilings")) {
                ceilings();
                write(args); // so far: a later failure keeps what was measured
            }
                if (stack != null) {
                stack.close();
                stack = null;
            }
            if (o.scenarios().contains("footprint")) {
                progress("footprint: AgentFootprintBench " + o.footprintSeconds() + " s (writes its own section)");
                AgentFootprintBench.main(new String[] {Integer.toString(o.footprintSeconds())});
                report.put("footprint", "see the section 'Edge agent footprint beside Prometheus in agent mode'");
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
            DataDirs.deleteRecursively(home);
        }
        write(args);
    }

    // ------------------------------------------------------------------------------------------------- fleet

    private void fleet() throws Exception {
        List<Map<String, Object>> steps = new ArrayList<>();
        List<Fleet> fleets = new ArrayList<>();
        Stats stats = new Stats();
        LatencyProbe probe = new LatencyProbe(sender(), stack.jdbcUrl());
        probe.start();
        int devices = 0;
        int sustainedDevices = 0;
        double sustainedRate = 0;
        List<Integer> sustainedSteps = new ArrayList<>();
        int held = 0;
        double heldRate = 0;
        List<String> holdNotes = new ArrayList<>();
        Jfr jfr = null;
        try {
            for (int target : o.steps()) {
                int add = target - devices;
                Fleet f = new Fleet(new Fleet.Settings(add, Profile.reference(), "b" + target, "sim-rpi4", target,
                        64L << 20, Math.max(4, add / 150), List.of()), sender(), stats);
                f.start();
                fleets.add(f);
                devices = target;
                // the first step creates every series of its devices (their first points): it settles for the warm-up;
                // later steps create their new devices' series (500,000 per 1,000 devices) and settle half as long
                boolean last = target == o.steps().get(o.steps().size() - 1);
                Map<String, Object> step = measure("fleet " + devices + " devices", stats, probe, o.step(), devices,
                        steps.isEmpty() ? o.warmup().toSeconds() : Math.max(15, o.warmup().toSeconds() / 2), o.jfr() && last);
                if (profiled != null) {
                    jfr = profiled;
                    profiled = null;
                }
                steps.add(step);
                if (Boolean.TRUE.equals(step.get("sustained"))) {
                    sustainedDevices = devices;
                    sustainedRate = (double) step.get("stored_records_per_s");
                    sustainedSteps.add(devices);
                } else {
                    break;
                }
            }
            if (jfr != null) {
                Map<String, List<String>> top = jfr.summary();
                report.put("profile", top);
                markdown.add("#### where the time goes (JFR execution samples, top frames, while the last step was measured)\n");
                top.forEach((service, frames) -> {
                    markdown.add("- " + service + ": " + String.join("; ", frames));
                });
                markdown.add("");
                jfr = null;
            }
            // hold the highest sustained step: drop the devices above it and let the backlog clear first. A step that
            // cannot clear its backlog, or does not hold, was not sustained after all: hold the one below it instead.
            List<String> notHeld = new ArrayList<>();
            for (int i = sustainedSteps.size() - 1; i >= 0 && held == 0 && !o.hold().isZero(); i--) {
                int n = sustainedSteps.get(i);
                while (devices > n && !fleets.isEmpty()) {
                    Fleet last = fleets.remove(fleets.size() - 1);
                    last.stopProducing();
                    last.close();
                    devices = fleets.isEmpty() ? 0 : o.steps().get(fleets.size() - 1);
                }
                // the devices keep sending: caught up is a lag of at most about 2 s of their batches (3 signals every 10 s)
                long tolerated = n * 6L / 10;
                long lag = waitForLag("before the hold of " + n + " devices", Duration.ofMinutes(3), tolerated);
                if (lag > tolerated) {
                    notHeld.add(String.format(Locale.ROOT, "%,d devices: the Kafka lag was still %,d batches after 3 minutes "
                            + "with them sending, so ingest could not catch up; not held", n, lag));
                    progress("hold: " + notHeld.get(notHeld.size() - 1));
                    continue;
                }
                Map<String, Object> hold = measure("hold " + n + " devices", stats, probe, o.hold(), n, 15, false);
                hold.put("hold", true);
                steps.add(hold);
                if (Boolean.TRUE.equals(hold.get("sustained"))) {
                    held = n;
                    heldRate = (double) hold.get("stored_records_per_s");
                }
            }
            report.put("hold_not_run", notHeld);
            notHeld.forEach(line -> holdNotes.add("- " + line));
        } finally {
            for (Fleet f : fleets) {
                f.stopProducing();
                f.close();
            }
            probe.stop();
        }
        report.put("fleet", Map.of("steps", steps, "highest_sustained_step_devices", sustainedDevices,
                "highest_sustained_step_stored_records_per_s", sustainedRate, "held_devices", held,
                "held_stored_records_per_s", heldRate));
        markdown.add("#### fleet: devices at the reference profile (3,000 points, 10 traces, 5 logs a minute each)\n");
        markdown.add("| step | devices | produced records/s | metric points/s | taken by gateway/s | stored/s | Kafka lag at end (batches) | device backlog at end (records) | e2e latency p50 | p99 | max | sustained | CPU |");
        markdown.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|");
        for (Map<String, Object> s : steps) {
            markdown.add(String.format(Locale.ROOT, "| %s | %,d | %,.0f | %,.0f | %,.0f | %,.0f | %,d | %,d | %s | %s | %s | %s | %s |",
                    s.get("name"), s.get("devices"), s.get("produced_records_per_s"), s.get("produced_points_per_s"),
                    s.get("taken_records_per_s"), s.get("stored_records_per_s"), s.get("kafka_lag_end"),
                    s.get("device_backlog_end"), ms(s.get("latency_p50_ms")), ms(s.get("latency_p99_ms")),
                    ms(s.get("latency_max_ms")), Boolean.TRUE.equals(s.get("sustained")) ? "yes" : "no: " + s.get("why"),
                    s.get("cpu")));
        }
        markdown.add("");
        if (!holdNotes.isEmpty()) {
            markdown.addAll(holdNotes);
            markdown.add("");
        }
    }

    private static String ms(Object v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.0f ms", (double) v);
    }

    /** One measured period: rates, lag and backlog at its end, latency of the probes sent during it, CPU per process. */
    private Map<String, Object> measure(String name, Stats stats, LatencyProbe probe, Duration length, int devices,
                                        long settleSeconds, boolean profile) throws Exception {
        long settle = settleSeconds;
        progress(name + ": settling " + settle + " s");
        Thread.sleep(settle * 1000);
        if (profile) {
            profiled = Jfr.start(stack, length);
        }
        probe.reset();
        long produced0 = total(stats, true);
        long batches0 = batches(stats);
        long points0 = stats.produced(Signal.METRICS);
        long taken0 = total(stats, false);
        long stored0 = stack.storedRecords();
        long lag0 = stack.kafkaLag();
        long backlog0 = pending(stats);
        Map<String, Duration> cpu0 = IngestCpu.snapshot(stack.postgresDataDir().toString());
        long t0 = System.nanoTime();
        long end = t0 + length.toNanos();
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            double s = (System.nanoTime() - t0) / 1e9;
            progress(String.format(Locale.ROOT, "%s: %3.0f/%d s | produced %,.0f/s, taken %,.0f/s, stored %,.0f/s | Kafka lag %,d batches | device backlog %,d records | probe p99 %s",
                    name, s, length.toSeconds(), (total(stats, true) - produced0) / s, (total(stats, false) - taken0) / s,
                    (stack.storedRecords() - stored0) / s, stack.kafkaLag(), pending(stats), ms(probe.percentile(0.99))));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Duration> cpu = IngestCpu.since(cpu0, stack.postgresDataDir().toString());
        long producedN = total(stats, true) - produced0;
        double batchRate = (batches(stats) - batches0) / seconds;
        long storedN = stack.storedRecords() - stored0;
        long lag1 = stack.kafkaLag();
        long backlog1 = pending(stats);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", name);
        r.put("devices", devices);
        r.put("seconds", seconds);
        r.put("produced_records_per_s", producedN / seconds);
        r.put("produced_points_per_s", (stats.produced(Signal.METRICS) - points0) / seconds);
        r.put("taken_records_per_s", (total(stats, false) - taken0) / seconds);
        r.put("stored_records_per_s", storedN / seconds);
        r.put("kafka_lag_start", lag0);
        r.put("kafka_lag_end", lag1);
        r.put("device_backlog_start", backlog0);
        r.put("device_backlog_end", backlog1);
        r.put("latency_probes", probe.count());
        r.put("latency_p50_ms", probe.percentile(0.50));
        r.put("latency_p99_ms", probe.percentile(0.99));
        r.put("latency_max_ms", probe.percentile(1.0));
        r.put("probes_not_seen", probe.unseen());
        r.put("cpu", IngestCpu.describe(cpu, seconds));
        // sustained: stored keeps up (within 5%), and what waits (Kafka lag, device backlog) grows by less than
        // 10 s of the produced rate over the period
        double rate = producedN / seconds;
        String why = null;
        if (storedN < 0.95 * producedN) {
            why = String.format(Locale.ROOT, "stored %.0f%% of produced", 100.0 * storedN / producedN);
        } else if (lag1 - lag0 > 10 * batchRate) {
            why = String.format(Locale.ROOT, "Kafka lag grew by %,d batches", lag1 - lag0);
        } else if (backlog1 - backlog0 > 10 * rate) {
            why = String.format(Locale.ROOT, "device backlog grew by %,d", backlog1 - backlog0);
        }
        r.put("sustained", why == null);
        r.put("why", why);
        progress(name + ": " + (why == null ? "sustained" : "NOT sustained (" + why + ")"));
        return r;
    }

    // ------------------------------------------------------------------------------------------------ outage

    private void outage() throws Exception {
        waitForLag("before the outage", Duration.ofMinutes(5), 0);
        Stats stats = new Stats();
        long startOffset = 20;
        Outage cut = Outage.parse(startOffset + "s+" + o.outage().toSeconds() + "s");
        Map<String, Object> r = new LinkedHashMap<>();
        try (Fleet f = new Fleet(new Fleet.Settings(o.outageDevices(), Profile.reference(),
                // the same devices (names, seed, so series) as the fleet step of this size: their series exist
                "b" + o.outageDevices(), "sim-rpi4", o.outageDevices(),
                256L << 20, Math.max(4, o.outageDevices() / 150), List.of(cut)), sender(), stats)) {
            f.start();
            long produced0 = total(stats, true);
            long stored0 = stack.storedRecords();
            Thread.sleep((startOffset - 5) * 1000);
            double live = (total(stats, true) - produced0) / (startOffset - 5.0);
            double liveStored = (stack.storedRecords() - stored0) / (startOffset - 5.0);
            progress(String.format(Locale.ROOT, "outage: live %,.0f records/s produced, %,.0f/s stored; link down for %d s",
                    live, liveStored, o.outage().toSeconds()));
            while (f.elapsed().toSeconds() < startOffset + o.outage().toSeconds()) {
                Thread.sleep(5_000);
                progress(String.format(Locale.ROOT, "outage: %d s | device backlog %,d records", f.elapsed().toSeconds(), pending(stats)));
            }
            long back = System.nanoTime();
            long backlog = pending(stats);
            long producedAtReturn = total(stats, true);
            long storedAtReturn = stack.storedRecords();
            long taken0 = total(stats, false);
            // drained from the devices: their backlog down to what is normally on its way (a second of production)
            double normal = Math.max(live, backlog * 0.01);
            while (pending(stats) > normal && System.nanoTime() - back < Duration.ofMinutes(20).toNanos()) {
                Thread.sleep(200);
            }
            double devicesDrained = (System.nanoTime() - back) / 1e9;
            double takenRate = (total(stats, false) - taken0) / devicesDrained;
            progress(String.format(Locale.ROOT, "outage: devices' backlog of %,d sent in %.1f s (%,.0f records/s taken)",
                    backlog, devicesDrained, takenRate));
            // caught up end to end: everything produced by the return is stored (the ledger counts every stored record)
            long target = stored0 + (producedAtReturn - produced0);
            while (stack.storedRecords() < target && System.nanoTime() - back < Duration.ofMinutes(30).toNanos()) {
                Thread.sleep(1_000);
                progress(String.format(Locale.ROOT, "outage: catching up %.0f s | stored %,d of %,d | Kafka lag %,d",
                        (System.nanoTime() - back) / 1e9, stack.storedRecords() - stored0, target - stored0, stack.kafkaLag()));
            }
            double caughtUp = (System.nanoTime() - back) / 1e9;
            double storedRate = (stack.storedRecords() - storedAtReturn) / caughtUp;
            r.put("devices", o.outageDevices());
            r.put("outage_s", o.outage().toSeconds());
            r.put("live_records_per_s", live);
            r.put("backlog_records", backlog);
            r.put("devices_drained_s", devicesDrained);
            r.put("gateway_drain_records_per_s", takenRate);
            r.put("gateway_drain_multiple_of_live", takenRate / live);
            r.put("caught_up_s", caughtUp);
            r.put("stored_drain_records_per_s", storedRate);
            r.put("stored_drain_multiple_of_live", storedRate / live);
            // a 2-hour outage at this rate: backlog / (drain surplus over the live rate)
            r.put("two_hour_outage_catch_up_min", 2 * 60.0 * live / Math.max(1, storedRate - live));
            f.stopProducing();
        }
        report.put("outage", r);
        markdown.add("#### outage: every device's link to the gateway down, devices keep producing\n");
        markdown.add("| devices | outage | live records/s | backlog | devices drained in | drain rate into the gateway | × live | stored caught up in | stored rate while catching up | × live | a 2-hour outage would catch up in |");
        markdown.add("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        markdown.add(String.format(Locale.ROOT, "| %,d | %d s | %,.0f | %,d | %.1f s | %,.0f/s | %.1f | %.1f s | %,.0f/s | %.1f | %.0f min |",
                r.get("devices"), r.get("outage_s"), r.get("live_records_per_s"), r.get("backlog_records"),
                r.get("devices_drained_s"), r.get("gateway_drain_records_per_s"), r.get("gateway_drain_multiple_of_live"),
                r.get("caught_up_s"), r.get("stored_drain_records_per_s"), r.get("stored_drain_multiple_of_live"),
                r.get("two_hour_outage_catch_up_min")));
        markdown.add("");
    }

    // ---------------------------------------------------------------------------------------------- ceilings

    private void ceilings() throws Exception {
        waitForLag("before the ceilings", Duration.ofMinutes(5), 0);
        progress("ceilings: raw Kafka producer (own broker, the gateway's settings) " + o.ceilings().toSeconds() + " s");
        Ceiling kafka = KafkaProducerCeiling.measure(o.ceilings());
        progress("ceilings: binary COPY into metric_points of the stack's PostgreSQL " + o.ceilings().toSeconds() + " s");
        Ceiling copy = IngestCopyCeiling.measure(o.ceilings(), stack.jdbcUrl(), "postgres", "postgres", 2, 5_000_000);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("kafka_producer", Map.of("value", kafka.value(), "unit", kafka.unit(), "details", kafka.details()));
        r.put("copy", Map.of("value", copy.value(), "unit", copy.unit(), "details", copy.details()));
        report.put("ceilings", r);
        markdown.add("#### ceilings, in the same run\n");
        markdown.add("| stage | ceiling | unit | pipeline's rate | ratio |");
        markdown.add("|---|---:|---|---:|---:|");
        double taken = bestSustained("taken_records_per_s");
        double points = bestSustained("produced_points_per_s");
        double stored = bestSustained("stored_records_per_s");
        markdown.add(String.format(Locale.ROOT, "| gateway into Kafka: raw kafka-clients producer | %,.0f | %s | %,.0f points/s | %.2f |",
                kafka.value(), kafka.unit(), points, points / kafka.value()));
        markdown.add(String.format(Locale.ROOT, "| ingest into PostgreSQL: binary COPY into metric_points, 2 connections | %,.0f | %s | %,.0f records/s stored (%,.0f taken) | %.2f |",
                copy.value(), copy.unit(), stored, taken, stored / copy.value()));
        markdown.add("");
    }

    @SuppressWarnings("unchecked")
    private double bestSustained(String key) {
        Object fleet = report.get("fleet");
        if (!(fleet instanceof Map<?, ?> m)) {
            return Double.NaN;
        }
        double best = 0;
        for (Map<String, Object> s : (List<Map<String, Object>>) m.get("steps")) {
            if (Boolean.TRUE.equals(s.get("sustained"))) {
                best = Math.max(best, (double) s.get(key));
            }
        }
        return best;
    }

    // ------------------------------------------------------------------------------------------------- pieces

    private GatewaySender sender() {
        return new GatewaySender(HTTP, stack.gatewayUrl(), token, Duration.ofSeconds(10));
    }

    /** Waits until the Kafka lag is at most {@code tolerated} batches, or {@code max} has passed; returns the last lag. */
    private long waitForLag(String when, Duration max, long tolerated) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        long lag;
        while ((lag = stack.kafkaLag()) > tolerated && System.nanoTime() < deadline) {
            progress("waiting for ingest to catch up " + when + ": Kafka lag " + String.format("%,d", lag));
            Thread.sleep(5_000);
        }
        return lag;
    }

    private static long total(Stats s, boolean produced) {
        long n = 0;
        for (Signal sig : Signal.values()) {
            n += produced ? s.produced(sig) : s.delivered(sig);
        }
        return n;
    }

    private static long batches(Stats s) {
        long n = 0;
        for (Signal sig : Signal.values()) {
            n += s.producedBatches(sig);
        }
        return n;
    }

    private static long pending(Stats s) {
        long n = 0;
        for (Signal sig : Signal.values()) {
            n += s.pending(sig);
        }
        return n;
    }

    private static void progress(String line) {
        System.out.println(String.format("%tT ", System.currentTimeMillis()) + line);
    }

    private void write(String args) throws Exception {
        Files.createDirectories(o.json().toAbsolutePath().getParent());
        Files.writeString(o.json(), new com.fasterxml.jackson.databind.ObjectMapper()
                .writerWithDefaultPrettyPrinter().writeValueAsString(report) + "\n");
        String body = "### Whole pipeline (PipelineBench" + (o.section().equals("pipeline") ? "" : ", " + o.section()) + ")\n\n" + BenchReport.machine(
                "java -Xmx3g -cp bench/target/benchmarks.jar io.edgeobs.bench.PipelineBench " + args)
                + "- setup: the local stack on one machine (embedded Kafka and PostgreSQL and the simulated devices in the "
                + "benchmark's JVM; gateway, ingest, query and schema registry as packaged services, " + o.serviceJvm()
                + "; PostgreSQL with the stack's settings and " + String.join(", ", o.postgres()) + "); devices send agent batches (protobuf, gzip) to the gateway over HTTP/1.1\n"
                + "- JSON: `" + o.json() + "`\n\n" + String.join("\n", markdown) + "\n";
        String text = Files.exists(o.docs()) ? Files.readString(o.docs()) : "# Benchmarks\n";
        Files.writeString(o.docs(), BenchReport.replaceSection(text, o.section(), body));
        progress("wrote " + o.json() + " and the '" + o.section() + "' section of " + o.docs());
    }
}
