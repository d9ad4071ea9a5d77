package io.edgeobs.model;

import java.util.Locale;
import java.util.Optional;

/** Log severity, trace to fatal; mapped from OTLP severity numbers, syslog levels and common names. */
public enum LogLevel {
    UNSPECIFIED,
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR,
    FATAL;

    /**
     * Maps an OTLP severity number (1-4 trace, 5-8 debug, 9-12 info, 13-16 warn, 17-20 error, 21-24 fatal).
     */
    public static LogLevel fromOtlpSeverity(int severityNumber) {
        if (severityNumber <= 0) {
            return UNSPECIFIED;
        }
        if (severityNumber > 24) {
            return FATAL;
        }
        return values()[1 + (severityNumber - 1) / 4];
    }

    /** The lowest OTLP severity number of this level (TRACE=1, DEBUG=5, ... FATAL=21), 0 for unspecified. */
    public int otlpSeverity() {
        return this == UNSPECIFIED ? 0 : (ordinal() - 1) * 4 + 1;
    }

    /** Maps a syslog severity (0 emergency ... 7 debug). */
    public static LogLevel fromSyslog(int severity) {
        return switch (severity) {
            case 0, 1, 2 -> FATAL;
            case 3 -> ERROR;
            case 4 -> WARN;
            case 5, 6 -> INFO;
            case 7 -> DEBUG;
            default -> UNSPECIFIED;
        };
    }

    /**
     * Parses the names real software writes: {@code warn}, {@code WARNING}, {@code err}, {@code crit},
     * {@code panic}, {@code notice}, {@code emerg}, {@code I}, numeric syslog levels, and so on.
     */
    public static Optional<LogLevel> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (t) {
            case "trace", "trc", "t", "finest", "finer" -> TRACE;
            case "debug", "dbg", "d", "fine", "config", "verbose" -> DEBUG;
            case "info", "inf", "i", "information", "informational", "notice" -> INFO;
            case "warn", "warning", "wrn", "w" -> WARN;
            case "error", "err", "e", "severe", "eror" -> ERROR;
            case "fatal", "crit", "critical", "alert", "emerg", "emergency", "panic", "f", "dpanic" -> FATAL;
            default -> t.length() == 1 && Character.isDigit(t.charAt(0)) ? fromSyslog(t.charAt(0) - '0') : null;
        });
    }
}
