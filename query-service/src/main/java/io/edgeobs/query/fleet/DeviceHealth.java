package io.edgeobs.query.fleet;

import io.edgeobs.query.config.QueryConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A device's health from its {@code devices} row: {@code silent} when not seen for
 * {@code edgeobs.query.fleet.silent-after}; else {@code unknown} when its agent never reported self-telemetry; else
 * {@code degraded} when buffer use, records dropped or export lag pass their thresholds; else {@code ok}. The same
 * rule twice: as SQL ({@link #statusSql}) so lists filter, count and page by status in the database, and in Java
 * ({@link #assess}) for the reasons shown with each device.
 */
@ApplicationScoped
public class DeviceHealth {

    public static final List<String> STATUSES = List.of("ok", "degraded", "silent", "unknown");

    private final QueryConfig.Fleet config;

    public DeviceHealth(QueryConfig config) {
        this.config = config.fleet();
    }

    /** The status of a row of {@code devices d} in SQL; bind {@link #statusArgs} in order. */
    String statusSql() {
        return "CASE WHEN d.last_seen < ? THEN 'silent' WHEN d.self_telemetry_at IS NULL THEN 'unknown' "
                + "WHEN (d.buffer_budget_bytes > 0 AND d.buffer_bytes * 100.0 / d.buffer_budget_bytes >= ?) "
                + "OR d.dropped_records > ? OR d.export_lag > ? THEN 'degraded' ELSE 'ok' END";
    }

    List<Object> statusArgs(Instant now) {
        return List.of(java.sql.Timestamp.from(silentBefore(now)), config.bufferPercent(), config.droppedRecords(),
                config.exportLag());
    }

    private Instant silentBefore(Instant now) {
        return now.minus(config.silentAfter());
    }

    /** Buffer use in percent of the budget, or null without a (positive) budget. */
    static Double bufferPercent(Double bytes, Double budget) {
        return bytes == null || budget == null || budget <= 0 ? null : bytes * 100.0 / budget;
    }

    /** Status and every reason that applies, as {@link #statusSql} decides it. */
    Assessment assess(Instant lastSeen, Instant selfTelemetryAt, Double bufferBytes, Double budget, Double dropped,
                      Double lag, Instant now) {
        List<String> reasons = new ArrayList<>();
        boolean silent = lastSeen.isBefore(silentBefore(now));
        if (silent) {
            reasons.add("not seen for " + human(Duration.between(lastSeen, now)) + " >= " + human(config.silentAfter()));
        }
        if (selfTelemetryAt == null) {
            reasons.add("no self-telemetry from the agent yet");
        }
        Double percent = bufferPercent(bufferBytes, budget);
        if (percent != null && percent >= config.bufferPercent()) {
            reasons.add("buffer " + number(percent) + "% >= " + number(config.bufferPercent()) + "%");
        }
        if (dropped != null && dropped > config.droppedRecords()) {
            reasons.add("dropped " + number(dropped) + " records since the agent started > " + number(config.droppedRecords()));
        }
        if (lag != null && lag > config.exportLag()) {
            reasons.add("export lag " + number(lag) + " records > " + number(config.exportLag()));
        }
        String status = silent ? "silent" : selfTelemetryAt == null ? "unknown" : reasons.isEmpty() ? "ok" : "degraded";
        return new Assessment(status, List.copyOf(reasons));
    }

    record Assessment(String status, List<String> reasons) {
    }

    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(Locale.ROOT, "%.1f", d);
    }

    private static String human(Duration d) {
        if (d.toDays() > 0) {
            return d.toDays() + "d" + (d.toHoursPart() > 0 ? d.toHoursPart() + "h" : "");
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h" + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "");
        }
        if (d.toMinutes() > 0) {
            return d.toMinutes() + "m";
        }
        return d.toSeconds() + "s";
    }
}
