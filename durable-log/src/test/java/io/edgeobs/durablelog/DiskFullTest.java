package io.edgeobs.durablelog;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real full disk (ENOSPC): the log lives on a 256 KiB tmpfs while its budget is 64 MiB, so the disk fills first.
 * Mounting needs root, which the build machines and CI have; elsewhere the test is skipped and says why.
 */
class DiskFullTest {

    private static final int RECORD = 1000;
    private Path mount;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mount = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "diskfull-");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a small tmpfs (needs root): " + new String(p.getInputStream().readAllBytes()));
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        Files.deleteIfExists(mount);
    }

    private DurableLogConfig config(FullPolicy policy) {
        return DurableLogConfig.defaults(mount.resolve("log")).withSegmentBytes(32 * 1024)
                .withBudget(64L << 20, policy).withBlockTimeout(Duration.ofMillis(100));
    }

    private static byte[] record(int n) {
        byte[] b = new byte[RECORD];
        byte[] tag = Integer.toString(n).getBytes();
        System.arraycopy(tag, 0, b, 0, tag.length);
        return b;
    }

    private static int number(byte[] payload) {
        int end = 0;
        while (end < payload.length && payload[end] != 0) {
            end++;
        }
        return Integer.parseInt(new String(payload, 0, end));
    }

    @Test
    void shouldPushBackOnAFullDiskKeepEveryAcknowledgedRecordAndRecoverWhenRoomIsMade() {
        List<Integer> acknowledged = new ArrayList<>();
        try (DurableLog log = DurableLog.open(config(FullPolicy.BLOCK))) {
            Consumer exporter = log.consumer("exporter");
            // When appending until the disk is full
            int n = 0;
            Throwable full = null;
            while (full == null && n < 10_000) {
                try {
                    log.append(record(n));
                    acknowledged.add(n);
                    n++;
                } catch (LogFullException e) {
                    full = e;
                }
            }

            // Then the append is refused (pushed back), not crashed, and says why
            assertThat(full).as("the disk filled").isNotNull().hasMessageContaining("disk");
            assertThat(acknowledged.size()).isBetween(100, 260);

            // And when the exporter acknowledges what it read, room is made and appends succeed again
            List<LogEntry> read = exporter.poll(100_000, 64L << 20);
            exporter.ack(read.get(read.size() - 1).offset());
            log.append(record(n));
            acknowledged.add(n);
        }

        // And after a reopen every acknowledged record not yet deleted is intact and nothing was cut
        try (DurableLog log = DurableLog.open(config(FullPolicy.BLOCK))) {
            assertThat(log.stats().recoveredCutRecords()).isZero();
            assertThat(log.stats().corruptSegments()).isZero();
            List<LogEntry> left = log.consumer("exporter").poll(100_000, 64L << 20);
            assertThat(left).extracting(e -> number(e.payload())).containsExactly(acknowledged.get(acknowledged.size() - 1));
        }
    }

    @Test
    void shouldEvictTheOldestSegmentOnAFullDiskWithDropOldestAndCountIt() {
        try (DurableLog log = DurableLog.open(config(FullPolicy.DROP_OLDEST))) {
            log.consumer("exporter");
            // When far more than the disk holds is appended
            for (int n = 0; n < 1_000; n++) {
                log.append(record(n));
            }

            // Then every append succeeded, the oldest data was evicted and every dropped record is counted
            DurableLogStats stats = log.stats();
            List<LogEntry> left = log.consumer("exporter").poll(100_000, 64L << 20);
            assertThat(stats.droppedForBudget()).isPositive();
            assertThat(stats.droppedForBudget() + left.size()).isEqualTo(1_000);
            assertThat(number(left.get(left.size() - 1).payload())).isEqualTo(999);
            assertThat(number(left.get(0).payload())).isEqualTo((int) stats.droppedForBudget());
        }
    }

    @Test
    void shouldReopenWithItsDataAndPushBackWhenTheDiskFilledWhileClosed() throws IOException {
        // Given a log whose disk was filled by something else
        try (DurableLog log = DurableLog.open(config(FullPolicy.BLOCK))) {
            log.append(record(1));
        }
        Files.write(mount.resolve("filler"), new byte[200 * 1024]);
        try {
            Files.write(mount.resolve("filler2"), new byte[200 * 1024]);
        } catch (IOException expected) {
            // the disk is full now
        }

        // When it is reopened, its data is still there and a new append is pushed back rather than crashing
        try (DurableLog log = DurableLog.open(config(FullPolicy.BLOCK))) {
            assertThat(log.consumer("exporter").poll(10, 1 << 20)).extracting(e -> number(e.payload())).containsExactly(1);
            assertThatThrownBy(() -> {
                for (int i = 0; i < 200; i++) {
                    log.append(record(i));
                }
            }).isInstanceOf(LogFullException.class);
        }
    }
}
