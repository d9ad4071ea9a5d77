package io.edgeobs.durablelog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Local retention: acknowledged segments kept for reading, within the budget, and the first to give way. */
class RetentionTest {

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now.get();
        }
    };

    private DurableLog open(long budget) {
        return DurableLog.open(DurableLogConfig.defaults(dir).withSegmentBytes(1024).withBudget(budget, FullPolicy.BLOCK)
                .withBlockTimeout(Duration.ofMillis(100)).withMaxAge(Duration.ofDays(7), clock)
                .withRetainAcknowledged(Duration.ofHours(1)));
    }

    private static void appendAndAcknowledge(DurableLog log, Consumer c, int from, int count) {
        long last = -1;
        for (int i = from; i < from + count; i++) {
            last = log.append(DurableLogTest.record(i));
        }
        c.ack(last);
    }

    @Test
    void shouldKeepAcknowledgedSegmentsReadableForTheRetentionThenDeleteThem() {
        try (DurableLog log = open(64 * 1024)) {
            // Given 100 records over several segments, all acknowledged
            Consumer exporter = log.consumer("exporter");
            appendAndAcknowledge(log, exporter, 0, 100);

            // Then they are all still readable, and counted as retained, not undelivered
            List<LogEntry> all = log.read(0, 1_000, 1 << 20);
            assertThat(DurableLogTest.texts(all)).hasSize(100).startsWith("record-0").endsWith("record-99");
            assertThat(log.stats().retainedBytes()).isPositive();
            assertThat(log.stats().undeliveredBytes()).isLessThan(1024 + 64);
            assertThat(log.segments()).filteredOn(SegmentInfo::acknowledged).hasSizeGreaterThanOrEqualTo(2);

            // When the retention has passed and the log is used again
            now.set(now.get().plus(Duration.ofMinutes(61)));
            log.append(DurableLogTest.record(100));

            // Then the old acknowledged segments are gone, and reading starts at what is left
            assertThat(log.segments()).noneMatch(SegmentInfo::acknowledged);
            assertThat(DurableLogTest.texts(log.read(0, 1_000, 1 << 20))).doesNotContain("record-0")
                    .contains("record-100");
            assertThat(log.stats().droppedForBudget()).isZero();
            assertThat(log.stats().expired()).isZero();
        }
    }

    @Test
    void shouldDeleteRetainedSegmentsInsteadOfPushingBackWhenTheBudgetIsReached() {
        try (DurableLog log = open(8 * 1024)) {
            // Given a budget of 8 KiB mostly full of acknowledged, retained data (250 records of 26 bytes)
            Consumer exporter = log.consumer("exporter");
            appendAndAcknowledge(log, exporter, 0, 250);

            // When 200 more records (5 KiB) are appended and not acknowledged
            for (int i = 300; i < 500; i++) {
                log.append(DurableLogTest.record(i));
            }

            // Then nothing was refused or dropped: the retained segments made room, oldest first
            assertThat(log.stats().sizeBytes()).isLessThanOrEqualTo(8 * 1024);
            assertThat(log.stats().droppedForBudget()).isZero();
            List<String> left = DurableLogTest.texts(log.read(0, 1_000, 1 << 20));
            assertThat(left).endsWith("record-499").contains("record-300");
            assertThat(DurableLogTest.texts(exporter.poll(1_000, 1 << 20))).first().isEqualTo("record-300");
        }
    }

    @Test
    void shouldNotMoveAnyConsumerWhenReadingForLocalQueries() {
        try (DurableLog log = open(64 * 1024)) {
            Consumer exporter = log.consumer("exporter");
            for (int i = 0; i < 10; i++) {
                log.append(DurableLogTest.record(i));
            }

            // When the log is read for a local query
            assertThat(log.read(5, 3, 1 << 20)).extracting(LogEntry::offset).containsExactly(5L, 6L, 7L);

            // Then the exporter still reads from the start
            assertThat(exporter.poll(1, 1 << 20)).extracting(LogEntry::offset).containsExactly(0L);
        }
    }
}
