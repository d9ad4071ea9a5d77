package io.edgeobs.durablelog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DurableLogTest {

    @TempDir
    Path dir;

    static byte[] record(int n) {
        return ("record-" + n).getBytes(StandardCharsets.UTF_8);
    }

    static List<String> texts(List<LogEntry> entries) {
        return entries.stream().map(e -> new String(e.payload(), StandardCharsets.UTF_8)).toList();
    }

    DurableLogConfig small() {
        return DurableLogConfig.defaults(dir).withSegmentBytes(1024).withBudget(64 * 1024, FullPolicy.BLOCK)
                .withBlockTimeout(Duration.ofMillis(200));
    }

    @Test
    void shouldReadBackWhatWasAppendedInOrderWithOffsets() {
        try (DurableLog log = DurableLog.open(small())) {
            // Given 100 records across several 1 KiB segments
            for (int i = 0; i < 100; i++) {
                assertThat(log.append(record(i))).isEqualTo(i);
            }
            Consumer c = log.consumer("exporter");

            // When
            List<LogEntry> all = new ArrayList<>();
            for (List<LogEntry> batch = c.poll(7, 1 << 20); !batch.isEmpty(); batch = c.poll(7, 1 << 20)) {
                all.addAll(batch);
            }

            // Then
            assertThat(all).extracting(LogEntry::offset).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, 100).boxed().toList());
            assertThat(texts(all).get(57)).isEqualTo("record-57");
            assertThat(log.stats().segments()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void shouldResumeFromTheAcknowledgedPositionAfterARestart() {
        // Given 30 records of which 10 are acknowledged and 20 read
        try (DurableLog log = DurableLog.open(small())) {
            for (int i = 0; i < 30; i++) {
                log.append(record(i));
            }
            Consumer c = log.consumer("exporter");
            List<LogEntry> first = c.poll(10, 1 << 20);
            c.ack(first.get(first.size() - 1).offset());
            c.poll(10, 1 << 20);
        }

        // When the log is opened again
        try (DurableLog log = DurableLog.open(small())) {
            Consumer c = log.consumer("exporter");

            // Then the unacknowledged records come again, and appends continue the offsets
            assertThat(texts(c.poll(100, 1 << 20))).first().isEqualTo("record-10");
            assertThat(log.append(record(30))).isEqualTo(30);
            assertThat(c.lag()).isEqualTo(21);
        }
    }

    @Test
    void shouldDeleteSegmentsOnlyWhenWhollyAcknowledged() throws Exception {
        try (DurableLog log = DurableLog.open(small())) {
            for (int i = 0; i < 200; i++) {
                log.append(record(i));
            }
            Consumer c = log.consumer("exporter");
            int before = segmentFiles();

            // When half is acknowledged
            c.ack(99);

            // Then some segments are gone, none holding an unacknowledged record
            assertThat(segmentFiles()).isLessThan(before);
            assertThat(texts(c.poll(1, 1 << 20))).containsExactly("record-100");
            c.rewind();
            assertThat(texts(c.poll(1, 1 << 20))).containsExactly("record-100");
        }
    }

    @Test
    void shouldCutATornTailAndKeepEveryIntactRecord() throws Exception {
        // Given 20 records, the last one torn in half on disk
        try (DurableLog log = DurableLog.open(DurableLogConfig.defaults(dir))) {
            for (int i = 0; i < 20; i++) {
                log.append(record(i));
            }
        }
        Path segment = onlySegment();
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(f.length() - 4);
        }

        // When
        try (DurableLog log = DurableLog.open(DurableLogConfig.defaults(dir))) {
            // Then
            assertThat(texts(log.consumer("c").poll(100, 1 << 20))).hasSize(19).last().isEqualTo("record-18");
            assertThat(log.stats().recoveredCutRecords()).isEqualTo(1);
            assertThat(log.stats().recoveredCutBytes()).isEqualTo(Frames.HEADER + record(19).length - 4);
            assertThat(log.append(record(99))).isEqualTo(19);
        }
    }

    @Test
    void shouldCutAtAFlippedByteInTheTail() throws Exception {
        try (DurableLog log = DurableLog.open(DurableLogConfig.defaults(dir))) {
            for (int i = 0; i < 10; i++) {
                log.append(record(i));
            }
        }
        flipByte(onlySegment(), 5 * (Frames.HEADER + record(0).length) + Frames.HEADER + 2); // inside record 5

        try (DurableLog log = DurableLog.open(DurableLogConfig.defaults(dir))) {
            assertThat(texts(log.consumer("c").poll(100, 1 << 20))).containsExactly("record-0", "record-1", "record-2",
                    "record-3", "record-4");
            assertThat(log.stats().recoveredCutBytes()).isEqualTo(5L * (Frames.HEADER + record(0).length));
        }
    }

    @Test
    void shouldIsolateACorruptSegmentInTheMiddle() throws Exception {
        // Given several segments, with a byte flipped in the second one
        try (DurableLog log = DurableLog.open(small())) {
            for (int i = 0; i < 150; i++) {
                log.append(record(i));
            }
        }
        List<Path> files = segmentPaths();
        assertThat(files.size()).isGreaterThan(3);
        flipByte(files.get(1), Frames.HEADER + 3);

        // When
        try (DurableLog log = DurableLog.open(small())) {
            List<LogEntry> all = new ArrayList<>();
            Consumer c = log.consumer("c");
            for (List<LogEntry> b = c.poll(1000, 1 << 20); !b.isEmpty(); b = c.poll(1000, 1 << 20)) {
                all.addAll(b);
            }

            // Then the first and the later segments are whole; only the corrupt one (from its first record, where the
            // byte was flipped) is missing, and reported
            long secondBase = Long.parseLong(files.get(1).getFileName().toString().replace(".seg", ""));
            long thirdBase = Long.parseLong(files.get(2).getFileName().toString().replace(".seg", ""));
            assertThat(all).extracting(LogEntry::offset).contains(0L, secondBase - 1, thirdBase, 149L)
                    .doesNotContain(secondBase, thirdBase - 1);
            assertThat(all).hasSize((int) (150 - (thirdBase - secondBase)));
            assertThat(log.stats().corruptSegments()).isEqualTo(1);
            assertThat(log.stats().recoveredCutRecords()).isEqualTo(thirdBase - secondBase);
            assertThat(log.append(record(150))).isEqualTo(150);
        }
    }

    @Test
    void shouldPushBackWhenFullWithBlock() {
        DurableLogConfig config = DurableLogConfig.defaults(dir).withSegmentBytes(1024).withBudget(4096, FullPolicy.BLOCK)
                .withBlockTimeout(Duration.ofMillis(100));
        try (DurableLog log = DurableLog.open(config)) {
            Consumer c = log.consumer("exporter");
            int accepted = 0;
            try {
                while (true) {
                    log.append(new byte[100]);
                    accepted++;
                }
            } catch (LogFullException e) {
                assertThat(e).hasMessageContaining("at its budget of 4096 bytes");
            }
            assertThat(accepted).isBetween(20, 40);

            // When what was read is acknowledged, there is room again and nothing was dropped
            List<LogEntry> read = c.poll(accepted, 1 << 20);
            c.ack(read.get(read.size() - 1).offset());
            log.append(new byte[100]);
            assertThat(log.stats().droppedForBudget()).isZero();
        }
    }

    @Test
    void shouldDropTheOldestAndCountExactlyTheGap() {
        DurableLogConfig config = DurableLogConfig.defaults(dir).withSegmentBytes(1024)
                .withBudget(4096, FullPolicy.DROP_OLDEST);
        try (DurableLog log = DurableLog.open(config)) {
            Consumer c = log.consumer("exporter");

            // When far more is appended than fits, and nothing is acknowledged
            for (int i = 0; i < 1000; i++) {
                log.append(record(i));
            }

            // Then what is left plus what was dropped is exactly what was appended
            List<LogEntry> left = new ArrayList<>();
            for (List<LogEntry> b = c.poll(100, 1 << 20); !b.isEmpty(); b = c.poll(100, 1 << 20)) {
                left.addAll(b);
            }
            DurableLogStats stats = log.stats();
            assertThat(stats.droppedForBudget()).isPositive();
            assertThat(left.size() + stats.droppedForBudget()).isEqualTo(1000);
            assertThat(left.get(0).offset()).isEqualTo(stats.droppedForBudget());
            assertThat(texts(left)).last().isEqualTo("record-999");
            assertThat(stats.sizeBytes()).isLessThanOrEqualTo(4096);
        }
    }

    @Test
    void shouldHandTheEvictedUnacknowledgedRecordsToTheListenerBeforeTheyGo() {
        DurableLogConfig config = DurableLogConfig.defaults(dir).withSegmentBytes(1024)
                .withBudget(4096, FullPolicy.DROP_OLDEST);
        try (DurableLog log = DurableLog.open(config)) {
            List<LogEntry> evicted = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            log.onEviction((reason, entries, unreadable) -> {
                evicted.addAll(entries);
                reasons.add(reason);
                assertThat(unreadable).isZero();
            });
            Consumer c = log.consumer("exporter");
            for (int i = 0; i < 60; i++) {
                log.append(record(i));
            }
            c.ack(c.poll(20, 1 << 20).get(19).offset()); // the first 20 were delivered: evicting them loses nothing

            for (int i = 60; i < 1000; i++) {
                log.append(record(i));
            }

            // Then the listener saw exactly the records counted as dropped: the undelivered oldest, in order
            DurableLogStats stats = log.stats();
            assertThat(stats.droppedForBudget()).isPositive();
            assertThat((long) evicted.size()).isEqualTo(stats.droppedForBudget());
            assertThat(texts(evicted)).first().isEqualTo("record-20");
            assertThat(evicted).extracting(LogEntry::offset).isSorted().doesNotHaveDuplicates()
                    .allSatisfy(o -> assertThat(o).isGreaterThanOrEqualTo(20));
            assertThat(reasons).containsOnly("budget");
            List<LogEntry> left = new ArrayList<>();
            for (List<LogEntry> b = c.poll(100, 1 << 20); !b.isEmpty(); b = c.poll(100, 1 << 20)) {
                left.addAll(b);
            }
            assertThat(20 + evicted.size() + left.size()).isEqualTo(1000);
        }
    }

    @Test
    void shouldExpireUndeliveredRecordsPastTheirMaximumAge() {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
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
        DurableLogConfig config = small().withMaxAge(Duration.ofDays(7), clock);
        try (DurableLog log = DurableLog.open(config)) {
            for (int i = 0; i < 50; i++) {
                log.append(record(i));
            }
            now.set(now.get().plus(Duration.ofDays(8)));

            // When something new arrives after more than 7 days
            log.append(record(50));

            // Then the old records are expired and counted, the new one is there
            Consumer c = log.consumer("exporter");
            assertThat(texts(c.poll(100, 1 << 20))).containsExactly("record-50");
            assertThat(log.stats().expired()).isEqualTo(50);
        }
    }

    @Test
    void shouldAppendWithIntervalSyncAndKeepTheDataAcrossAReopen() {
        DurableLogConfig config = small().withSync(SyncPolicy.INTERVAL);
        try (DurableLog log = DurableLog.open(config)) {
            for (int i = 0; i < 20; i++) {
                log.append(record(i));
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().equals("durable-log-sync")));
        }
        try (DurableLog log = DurableLog.open(config)) {
            assertThat(texts(log.consumer("c").poll(100, 1 << 20))).hasSize(20).last().isEqualTo("record-19");
        }
    }

    private int segmentFiles() throws Exception {
        return segmentPaths().size();
    }

    private List<Path> segmentPaths() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private Path onlySegment() throws Exception {
        List<Path> all = segmentPaths();
        assertThat(all).hasSize(1);
        return all.get(0);
    }

    private static void flipByte(Path file, long position) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            int b = f.read();
            f.seek(position);
            f.write(b ^ 0xff);
        }
    }
}
