package io.edgeobs.ingest.storage;

import io.edgeobs.ingest.decode.IncomingBatch;
import io.edgeobs.ingest.decode.LedgerKey;
import io.edgeobs.ingest.decode.SourcePosition;
import io.edgeobs.ingest.storage.postgresql.PostgresDialect;
import io.edgeobs.ingest.storage.write.BatchWriter;
import io.edgeobs.ingest.storage.write.SeriesResolver;
import io.edgeobs.ingest.testing.Databases;
import io.edgeobs.ingest.testing.TestBatches;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Signal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;

import static io.edgeobs.ingest.testing.Databases.count;
import static io.edgeobs.ingest.testing.Databases.rows;
import static org.assertj.core.api.Assertions.assertThat;

class BatchWriterTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static Databases databases;

    @BeforeAll
    static void startPostgres() {
        databases = new Databases();
    }

    @AfterAll
    static void stopPostgres() {
        databases.close();
    }

    private static BatchWriter writer() {
        return new BatchWriter(new PostgresDialect(Retention.DEFAULTS, 3), new SeriesResolver(1000),
                EnumSet.allOf(Signal.class), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static IncomingBatch incoming(Batch b, long offset) {
        return new IncomingBatch(b, LedgerKey.bySeq(b.resource().tenant(), b.resource().deviceId(), b.signal(), b.batchSeq()),
                new SourcePosition("edgeobs." + b.signal().name().toLowerCase(), 0, offset), 1, List.of(), List.of(), 0);
    }

    @Test
    void shouldStoreEverySignalOnceEvenWhenTheSameBatchesAreWrittenAgain() throws Exception {
        // Given
        DataSource ds = databases.migrated(NOW);
        Batch metrics = TestBatches.metrics("acme", "dev-1", 1, NOW.minusSeconds(60), 100, 10);
        Batch spans = TestBatches.spans("acme", "dev-1", 2, NOW.minusSeconds(30), 5);
        Batch logs = TestBatches.logs("acme", "dev-1", 3, NOW.minusSeconds(10), 7);
        List<IncomingBatch> poll = List.of(incoming(metrics, 0), incoming(spans, 0), incoming(logs, 0));
        BatchWriter writer = writer();

        try (Connection c = ds.getConnection()) {
            // When
            BatchWriter.Result first = writer.write(c, poll);
            BatchWriter.Result second = writer.write(c, poll);

            // Then
            assertThat(first.stored()).hasSize(3);
            assertThat(first.rows(Signal.METRICS)).isEqualTo(100);
            assertThat(second.stored()).isEmpty();
            assertThat(count(c, "SELECT count(*) FROM metric_points")).isEqualTo(100);
            assertThat(count(c, "SELECT count(*) FROM series WHERE tenant = 'acme' AND device_id = 'dev-1'")).isEqualTo(10);
            assertThat(count(c, "SELECT sum(value)::bigint FROM metric_points")).isEqualTo(1000L * 100 + 99 * 100 / 2);
            assertThat(count(c, "SELECT count(*) FROM spans WHERE status_code = 'error' AND tags->>'http.status_code' = '504'"))
                    .isEqualTo(5);
            assertThat(count(c, "SELECT count(*) FROM span_operations")).isEqualTo(3);
            assertThat(count(c, "SELECT count(*) FROM logs WHERE search @@ to_tsquery('simple', 'disk & full') "
                    + "AND fields @> '{\"labels\":{\"env\":\"prod\"}}' AND level = 4")).isEqualTo(4);
            assertThat(count(c, "SELECT count(*) FROM ingest_ledger WHERE sink = 'postgresql'")).isEqualTo(3);
            assertThat(rows(c, "SELECT fleet, agent_version, gateway_id, region FROM devices"))
                    .containsExactly(List.of("fleet-a", "0.1.0", "gw-1", "eu-west"));
            assertThat(count(c, "SELECT count(*) FROM rollup_queue")).isEqualTo(1);
        }
    }
}
