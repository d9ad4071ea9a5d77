package io.edgeobs.simulator;

import io.edgeobs.model.Signal;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The device simulator on the command line:
 * <pre>
 * java -jar device-simulator/target/device-simulator.jar --gateway http://127.0.0.1:8080 --token TOKEN \
 *      [--devices 10] [--profile reference|light|heavy|points=N,traces=N,logs=N] [--duration 5m] \
 *      [--outage 2m+60s[@50%]]... [--threads 4] [--prefix sim] [--device-type sim-rpi4] [--seed 1] \
 *      [--buffer-bytes 4194304] [--drain 2m] [--report sim-report.json]
 * java -jar device-simulator/target/device-simulator.jar --agent-otlp http://127.0.0.1:4318 ...
 * </pre>
 * It prints a progress line every 10 s and, at the end, a JSON report of what was produced and what became of it.
 * Exit code 0 when everything produced was delivered or dropped-and-counted, 1 when records are still pending
 * after the drain, 2 for bad arguments.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("device-simulator: " + e.getMessage());
            System.err.println("usage: --gateway URL --token TOKEN | --agent-otlp URL  [--devices N] [--profile P] "
                    + "[--duration 5m] [--outage 2m+60s[@50%]] [--report FILE]");
            System.exit(2);
            return;
        }
        System.exit(run(o));
    }

    static int run(Options o) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Sender sender = o.agentOtlp != null ? new OtlpSender(http, o.agentOtlp, Duration.ofSeconds(10))
                : new GatewaySender(http, o.gateway, o.token, Duration.ofSeconds(10));
        Stats stats = new Stats();
        Fleet.Settings settings = new Fleet.Settings(o.devices, o.profile, o.prefix, o.deviceType, o.seed, o.bufferBytes,
                o.threads, o.outages);
        System.out.printf(Locale.ROOT, "device-simulator: %d devices, profile %s (%d points, %.1f traces, %.1f logs a "
                        + "minute each, export every %d s), to %s%n", o.devices, o.profile.name(),
                o.profile.pointsPerMinute(), o.profile.tracesPerMinute(), o.profile.logsPerMinute(),
                o.profile.exportEvery().toSeconds(), o.agentOtlp != null ? o.agentOtlp : o.gateway);
        boolean drained;
        try (Fleet fleet = new Fleet(settings, sender, stats)) {
            Thread stop = new Thread(fleet::stopProducing);
            Runtime.getRuntime().addShutdownHook(stop);
            fleet.start();
            long end = o.duration == null ? Long.MAX_VALUE : System.nanoTime() + o.duration.toNanos();
            long lastDelivered = 0;
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                long delivered = stats.delivered(Signal.METRICS);
                System.out.printf(Locale.ROOT, "  %4d s  produced %,d points %,d spans %,d logs | delivered %,d points "
                                + "(%,.0f/s) | pending %,d records | dropped %,d | retries %,d%s%n",
                        fleet.elapsed().toSeconds(), stats.produced(Signal.METRICS), stats.produced(Signal.SPANS),
                        stats.produced(Signal.LOGS), delivered, (delivered - lastDelivered) / 10.0,
                        fleet.pendingRecords(), stats.dropped(Signal.METRICS) + stats.dropped(Signal.SPANS)
                                + stats.dropped(Signal.LOGS), stats.retries(),
                        sender instanceof GatewaySender g && !g.lastError().isEmpty() ? " | last error: " + g.lastError() : "");
                lastDelivered = delivered;
            }
            fleet.stopProducing();
            System.out.println("device-simulator: stopped producing; sending what the buffers hold (up to " + o.drain.toSeconds()
                    + " s)");
            drained = fleet.drain(o.drain);
            Runtime.getRuntime().removeShutdownHook(stop);
        }
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("devices", o.devices);
        header.put("profile", o.profile.name());
        header.put("drained", drained);
        String json = stats.toJson(header);
        System.out.println(json);
        if (o.report != null) {
            writeReport(o.report, json);
        }
        if (!drained) {
            System.err.println("device-simulator: records are still pending: the receiver did not take them in time");
        }
        return drained ? 0 : 1;
    }

    private static void writeReport(Path file, String json) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Files.writeString(file, json + "\n");
    }

    /** Parsed command line. */
    static final class Options {
        String gateway;
        String token;
        String agentOtlp;
        int devices = 10;
        Profile profile = Profile.reference();
        Duration duration;
        List<Outage> outages = new ArrayList<>();
        int threads = 4;
        String prefix = "sim";
        String deviceType = "sim-rpi4";
        long seed = 1;
        long bufferBytes = 4L << 20;
        Duration drain = Duration.ofMinutes(2);
        Path report;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--gateway" -> o.gateway = v;
                    case "--token" -> o.token = v;
                    case "--agent-otlp" -> o.agentOtlp = v;
                    case "--devices" -> o.devices = positive(a, v);
                    case "--profile" -> o.profile = Profile.parse(v);
                    case "--duration" -> o.duration = Durations.parse(a, v);
                    case "--outage" -> o.outages.add(Outage.parse(v));
                    case "--threads" -> o.threads = positive(a, v);
                    case "--prefix" -> o.prefix = v;
                    case "--device-type" -> o.deviceType = v;
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--buffer-bytes" -> o.bufferBytes = positive(a, v);
                    case "--drain" -> o.drain = Durations.parse(a, v);
                    case "--report" -> o.report = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if ((o.gateway == null) == (o.agentOtlp == null)) {
                throw new IllegalArgumentException("give exactly one of --gateway URL (with --token) and --agent-otlp URL");
            }
            return o;
        }

        private static int positive(String name, String v) {
            try {
                int n = Integer.parseInt(v);
                if (n < 1) {
                    throw new IllegalArgumentException(name + " must be at least 1, was " + v);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": '" + v + "' is not a number");
            }
        }
    }
}
