package io.edgeobs.agent.tail;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application writing lines (some in two pieces), logrotate rotating by rename and by copytruncate, the agent
 * restarting cleanly or crashing, and the buffer refusing appends, in a random (seeded, so repeatable) order: every
 * line arrives exactly once and in the order it was written.
 * The one rule: the tailer looks at least once between a rotation and the next one, and between the moment a new
 * (or just truncated) file holds a whole fingerprint ({@value Fingerprint#MAX_LENGTH} bytes) and its rotation:
 * content that comes and is rotated away unseen cannot be found or told apart (a 250 ms poll sees all content that
 * lives longer than that).
 */
class RandomRotationTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void shouldDeliverEveryLineExactlyOnceInOrderThroughRotationsRestartsAndRefusals(long seed) {
        // Given small reads and appends, so files take several polls and appends several batches
        Random random = new Random(seed);
        TailerFixture fx = new TailerFixture(dir);
        fx.settings = fx.settings.withLimits(1_000, 4_096, 20, 100);
        TailSource source = TailSource.of("app", dir.resolve("*.log").toString());
        Path log = dir.resolve("app.log");
        SourceTailer tailer = fx.tailer(source);
        List<String> expected = new ArrayList<>();
        int seq = 0;
        int rotations = 0;
        // a rotation, or a new or truncated file's first bytes, since the tailer last looked
        boolean needsPoll = false;
        boolean rotated = true;
        String pendingRest = null;
        int restarts = 0;

        // When
        for (int step = 0; step < 400; step++) {
            int op = random.nextInt(100);
            boolean mayRotate = !needsPoll && !rotated && pendingRest == null && Files.exists(log);
            if (op < 40) {
                if (pendingRest != null) {
                    LogFiles.append(log, pendingRest);
                    pendingRest = null;
                }
                int n = 1 + random.nextInt(40);
                expected.addAll(LogFiles.appendLines(log, "line", seq, seq + n));
                seq += n;
                if (rotated && size(log) >= Fingerprint.MAX_LENGTH) {
                    needsPoll = true; // the first bytes the fingerprint needs are there; the tailer must see them
                    rotated = false;
                }
            } else if (op < 47) {
                if (pendingRest == null) { // a line written in two pieces, the second one later
                    String line = "{\"msg\":\"line " + seq + "\",\"seq\":" + seq + ",\"piece\":\"two parts\"}\n";
                    int cut = 1 + random.nextInt(line.length() - 2);
                    LogFiles.append(log, line.substring(0, cut));
                    pendingRest = line.substring(cut);
                    expected.add("line " + seq);
                    seq++;
                }
            } else if (op < 75) {
                for (int i = random.nextInt(3); i >= 0; i--) {
                    fx.clock.advance(Duration.ofMillis(random.nextInt(3_000)));
                    tailer.poll();
                }
                needsPoll = false;
            } else if (op < 83) {
                if (mayRotate) {
                    LogFiles.renameRotate(log, dir.resolve("app.log." + ++rotations));
                    if (random.nextBoolean()) { // the application writes on to the renamed file before it reopens
                        int n = 1 + random.nextInt(5);
                        expected.addAll(LogFiles.appendLines(dir.resolve("app.log." + rotations), "line", seq, seq + n));
                        seq += n;
                    }
                    needsPoll = true;
                    rotated = true;
                }
            } else if (op < 90) {
                if (mayRotate) {
                    LogFiles.copyTruncate(log, dir.resolve("app.log.c" + ++rotations));
                    needsPoll = true;
                    rotated = true;
                }
            } else if (op < 95) {
                if (random.nextBoolean()) {
                    tailer.close(); // a clean stop; otherwise a crash: the old instance is just dropped
                }
                tailer = fx.tailer(source);
                restarts++;
            } else {
                fx.sink.refuseNext = 1 + random.nextInt(3);
            }
        }
        if (pendingRest != null) {
            LogFiles.append(log, pendingRest);
        }
        fx.sink.refuseNext = 0;
        fx.settle(tailer);

        // Then
        assertThat(rotations).isGreaterThan(10);
        assertThat(restarts).isGreaterThan(5);
        assertThat(fx.sink.messages()).containsExactlyElementsOf(expected);
        // and every rotated file is finished and closed: only the live one (if there is one now) stays open
        assertThat(fx.gauge("edgeobs.agent.tail.files", "source", "app")).isEqualTo(Files.exists(log) ? 1 : 0);
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
