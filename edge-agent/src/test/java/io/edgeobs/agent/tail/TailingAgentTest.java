package io.edgeobs.agent.tail;

import com.google.protobuf.util.JsonFormat;
import io.edgeobs.model.Batch;
import io.edgeobs.model.LogLevel;
import io.edgeobs.model.LogRecord;
import io.edgeobs.model.codec.ProtoMapper;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * Through the whole agent: lines tailed from a real file, through rotation by rename, by copytruncate and a restart
 * of the source, made durable by Ingest and exported (to a JSON-lines file in tests): every line exactly once, in
 * order, converted.
 */
@QuarkusTest
class TailingAgentTest {

    private static final Path EXPORT = Path.of("target/agent-data/export.jsonl");

    @Inject
    Tailing tailing;

    @Test
    void shouldDeliverEveryLineExactlyOnceThroughBothKindsOfRotationAndARestart() throws IOException {
        // Given a log directory and a source whose records carry this run's id
        String run = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(Path.of("target/tail-it", run));
        Path log = dir.resolve("app.log");
        TailSource source = TailSource.of("it-" + run.substring(0, 8), dir.resolve("*.log").toString())
                .withFields(Map.of("run", run));
        List<String> expected = new ArrayList<>(lines(log, 0, 50));
        List<TailSource> configured = tailing.sources();
        List<TailSource> withTest = new ArrayList<>(configured);
        withTest.add(source);
        tailing.apply(withTest);
        try {
            awaitDelivered(run, 50);

            // When logrotate renames the file (the application writes on to it briefly) and a new file begins
            LogFiles.renameRotate(log, dir.resolve("app.log.1"));
            expected.addAll(lines(dir.resolve("app.log.1"), 50, 60));
            expected.addAll(lines(log, 60, 100));
            awaitDelivered(run, 100);
            // and then copies and truncates it, with lines that may not have been read yet
            expected.addAll(lines(log, 100, 120));
            LogFiles.copyTruncate(log, dir.resolve("app.log.2"));
            expected.addAll(lines(log, 120, 150));
            awaitDelivered(run, 150);
            // and the source stops, lines come while it is stopped, and it starts again
            tailing.apply(configured);
            expected.addAll(lines(log, 150, 180));
            tailing.apply(withTest);
            // and a line over the 64 KiB cap
            String head = "{\"level\":\"error\",\"msg\":\"";
            LogFiles.append(log, head + "x".repeat(70_000) + "\"}\n");
            expected.add(head + "x".repeat(64 * 1024 - head.length())); // cut at the cap, so no longer JSON: raw

            expected.addAll(lines(log, 180, 200));
            awaitDelivered(run, 201);
        } finally {
            tailing.apply(configured);
        }

        // Then every line exactly once, in the order written, converted by the JSON log converter
        List<LogRecord> records = exported(run);
        assertThat(records).extracting(LogRecord::message).containsExactlyElementsOf(expected);
        LogRecord first = records.get(0);
        assertThat(first.level()).isEqualTo(LogLevel.INFO);
        assertThat(first.timestampUnixNanos()).isEqualTo(Instant.parse("2026-12-02T10:00:00Z").getEpochSecond()
                * 1_000_000_000L);
        assertThat(first.fields()).containsEntry("seq", 0L).containsEntry("run", run)
                .containsEntry("file", log.toAbsolutePath().toString());
        assertThat(records.get(180).fields()).containsEntry("truncated", true);
        given().accept("text/plain; version=0.0.4").get("/q/metrics").then().statusCode(200)
                .body(containsString("edgeobs_agent_tail_lines_total{source=\"" + source.name() + "\",} 201.0"))
                .body(containsString("edgeobs_agent_tail_rotations_total{kind=\"rename\",source=\"" + source.name()
                        + "\",} 1.0"))
                .body(containsString("edgeobs_agent_tail_rotations_total{kind=\"truncate\",source=\"" + source.name()
                        + "\",} 1.0"))
                .body(containsString("edgeobs_agent_tail_lines_truncated_total{source=\"" + source.name() + "\",} 1.0"));
    }

    @Test
    void shouldFollowTheSourcesOfTheConfiguration() throws IOException {
        // Given the test profile's source "configured" (target/tail-configured/*.log, no path field, origin field)
        assertThat(tailing.sources()).filteredOn(s -> s.name().equals("configured")).singleElement().satisfies(s -> {
            assertThat(s.paths()).containsExactly("target/tail-configured/*.log");
            assertThat(s.pathField()).isEmpty();
            assertThat(s.fields()).containsEntry("origin", "configuration");
            assertThat(s.startAt()).isEqualTo(TailSource.StartAt.BEGINNING);
        });
        String run = UUID.randomUUID().toString();
        Path dir = Files.createDirectories(Path.of("target/tail-configured"));

        // When a new file appears there
        LogFiles.append(dir.resolve(run + ".log"), "{\"level\":\"warn\",\"msg\":\"valve slow\",\"run\":\"" + run + "\"}\n");

        // Then its line is exported with the configured field and without a path field
        awaitDelivered(run, 1);
        assertThat(exported(run)).singleElement().satisfies(r -> {
            assertThat(r.message()).isEqualTo("valve slow");
            assertThat(r.level()).isEqualTo(LogLevel.WARN);
            assertThat(r.fields()).containsEntry("origin", "configuration").doesNotContainKey("file");
        });
    }

    /** Lines with a time the validator accepts (after 2000, before tomorrow). */
    private static List<String> lines(Path file, int from, int to) {
        List<String> messages = new ArrayList<>();
        StringBuilder sb = new StringBuilder();
        for (int n = from; n < to; n++) {
            messages.add("line " + n);
            sb.append("{\"time\":\"2026-12-02T10:00:").append(String.format("%02d", n % 60))
                    .append("Z\",\"level\":\"info\",\"msg\":\"line ").append(n).append("\",\"seq\":").append(n).append("}\n");
        }
        LogFiles.append(file, sb.toString());
        return messages;
    }

    private static void awaitDelivered(String run, int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> exported(run).size() >= count);
    }

    /** This run's log records, read back from what the agent exported, in export order. */
    private static List<LogRecord> exported(String run) {
        if (!Files.exists(EXPORT)) {
            return List.of();
        }
        List<LogRecord> found = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(EXPORT)) {
                if (!line.contains(run)) {
                    continue;
                }
                io.edgeobs.model.proto.Batch.Builder b = io.edgeobs.model.proto.Batch.newBuilder();
                try {
                    JsonFormat.parser().merge(line, b);
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    continue; // the last line may still be being written
                }
                Batch batch = ProtoMapper.fromProto(b.build());
                batch.records().stream().map(LogRecord.class::cast)
                        .filter(r -> run.equals(r.fields().get("run")))
                        .forEach(found::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
