package io.edgeobs.simulator;

import java.time.Duration;

/**
 * A scripted link outage: from {@code start} after the fleet started, for {@code length}, the first
 * {@code percent} of the devices cannot reach their receiver (they keep producing into their buffers).
 */
public record Outage(Duration start, Duration length, int percent) {

    public Outage {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("outage: percent must be 1 to 100, was " + percent);
        }
    }

    /** {@code 2m+60s} (all devices) or {@code 2m+60s@50%}. */
    public static Outage parse(String text) {
        String t = text.trim();
        int percent = 100;
        int at = t.indexOf('@');
        if (at >= 0) {
            String p = t.substring(at + 1).replace("%", "");
            try {
                percent = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("outage '" + text + "': '" + p + "' is not a percentage");
            }
            t = t.substring(0, at);
        }
        int plus = t.indexOf('+');
        if (plus < 0) {
            throw new IllegalArgumentException("outage '" + text + "': expected START+LENGTH[@PERCENT%], e.g. 2m+60s");
        }
        return new Outage(Durations.parse("outage start", t.substring(0, plus)),
                Durations.parse("outage length", t.substring(plus + 1)), percent);
    }

    boolean covers(Duration sinceStart, int deviceIndex, int devices) {
        return sinceStart.compareTo(start) >= 0 && sinceStart.compareTo(start.plus(length)) < 0
                && deviceIndex < Math.ceil(devices * percent / 100.0);
    }
}
