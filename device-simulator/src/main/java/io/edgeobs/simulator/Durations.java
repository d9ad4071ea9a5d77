package io.edgeobs.simulator;

import java.time.Duration;

/** {@code 250ms}, {@code 30s}, {@code 5m}, {@code 2h}: the simulator's command-line durations. */
final class Durations {

    private Durations() {
    }

    static Duration parse(String what, String text) {
        String t = text.trim();
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            long n = Long.parseLong(t.substring(0, t.length() - 1));
            return switch (t.charAt(t.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException(what + ": '" + text + "' is not a duration such as 30s, 5m or 2h");
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new IllegalArgumentException(what + ": '" + text + "' is not a duration such as 30s, 5m or 2h");
        }
    }
}
