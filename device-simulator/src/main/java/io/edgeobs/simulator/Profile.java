package io.edgeobs.simulator;

import java.time.Duration;
import java.util.Locale;

/**
 * How much one simulated device produces: metric points, traces and logs per minute, cut into one export every
 * {@code exportEvery} (a scrape of every series per export, as an agent scraping at that interval would send).
 *
 * @param name               for reports
 * @param pointsPerMinute    metric points per minute (the reference device: 3,000)
 * @param tracesPerMinute    traces per minute (reference: 10), each of 3 to 7 spans over several services
 * @param logsPerMinute      log records per minute (reference: 5)
 * @param exportEvery        how often the device exports (reference: 10 s)
 */
public record Profile(String name, int pointsPerMinute, double tracesPerMinute, double logsPerMinute,
                      Duration exportEvery) {

    public Profile {
        if (pointsPerMinute < 0 || tracesPerMinute < 0 || logsPerMinute < 0) {
            throw new IllegalArgumentException("profile " + name + ": rates must not be negative");
        }
        if (exportEvery.isNegative() || exportEvery.isZero() || exportEvery.toMillis() > 60_000) {
            throw new IllegalArgumentException("profile " + name + ": exportEvery must be between 1 ms and 60 s");
        }
    }

    /** The reference device of the issue: 3,000 points, 10 traces and 5 logs a minute. */
    public static Profile reference() {
        return new Profile("reference", 3000, 10, 5, Duration.ofSeconds(10));
    }

    /** A tenth of the reference: for many devices on a small machine. */
    public static Profile light() {
        return new Profile("light", 300, 1, 1, Duration.ofSeconds(10));
    }

    /** Ten times the reference. */
    public static Profile heavy() {
        return new Profile("heavy", 30_000, 100, 50, Duration.ofSeconds(10));
    }

    /** Series sampled per export: each series gets one point per export. */
    public int seriesPerExport() {
        return (int) Math.round(pointsPerMinute * exportEvery.toMillis() / 60_000.0);
    }

    /**
     * {@code reference}, {@code light}, {@code heavy}, or {@code points=N,traces=N,logs=N[,every=10s]} (missing keys
     * from the reference).
     */
    public static Profile parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "reference":
                return reference();
            case "light":
                return light();
            case "heavy":
                return heavy();
            default:
                break;
        }
        Profile r = reference();
        int points = r.pointsPerMinute();
        double traces = r.tracesPerMinute();
        double logs = r.logsPerMinute();
        Duration every = r.exportEvery();
        for (String part : t.split(",")) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("profile '" + text + "': expected reference, light, heavy or "
                        + "points=N,traces=N,logs=N[,every=10s]");
            }
            try {
                switch (kv[0].trim()) {
                    case "points" -> points = Integer.parseInt(kv[1].trim());
                    case "traces" -> traces = Double.parseDouble(kv[1].trim());
                    case "logs" -> logs = Double.parseDouble(kv[1].trim());
                    case "every" -> every = Durations.parse("every", kv[1].trim());
                    default -> throw new IllegalArgumentException("profile '" + text + "': unknown key '" + kv[0]
                            + "' (points, traces, logs, every)");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("profile '" + text + "': " + kv[0] + " is not a number: " + kv[1]);
            }
        }
        return new Profile("custom", points, traces, logs, every);
    }
}
