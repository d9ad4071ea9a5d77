package io.edgeobs.ingest.storage.postgresql;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table partitioned by range of time into days (or months), named {@code <table>_pYYYYMMDD} ({@code _pYYYYMM}),
 * each covering {@code [start, start + 1 day)} in UTC.
 */
record PartitionedTable(String name, boolean monthly, Duration retention) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    PartitionedTable {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain table name: " + name);
        }
    }

    /** The start of the partition that holds {@code t}. */
    LocalDate partitionOf(Instant t) {
        LocalDate day = t.atOffset(ZoneOffset.UTC).toLocalDate();
        return monthly ? day.withDayOfMonth(1) : day;
    }

    LocalDate next(LocalDate start) {
        return monthly ? start.plusMonths(1) : start.plusDays(1);
    }

    String partitionName(LocalDate start) {
        return name + "_p" + (monthly ? MONTH.format(start) : DAY.format(start));
    }

    /** The start of a partition from its name, if the name is one of ours. */
    Optional<LocalDate> parse(String partitionName) {
        Matcher m = Pattern.compile(Pattern.quote(name) + "_p(\\d{" + (monthly ? 6 : 8) + "})").matcher(partitionName);
        if (!m.matches()) {
            return Optional.empty();
        }
        String digits = m.group(1);
        return Optional.of(monthly ? LocalDate.of(Integer.parseInt(digits.substring(0, 4)), Integer.parseInt(digits.substring(4)), 1)
                : LocalDate.parse(digits, DAY));
    }

    String createSql(LocalDate start) {
        return "CREATE TABLE IF NOT EXISTS " + partitionName(start) + " PARTITION OF " + name + " FOR VALUES FROM ('"
                + start + " 00:00:00+00') TO ('" + next(start) + " 00:00:00+00')";
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
