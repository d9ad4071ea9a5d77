package io.edgeobs.ingest.storage;

import io.edgeobs.ingest.storage.write.SeriesResolver;
import io.edgeobs.ingest.testing.Databases;
import io.edgeobs.ingest.testing.TestBatches;
import io.edgeobs.model.Batch;
import io.edgeobs.model.codec.BatchCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import static io.edgeobs.ingest.testing.Databases.count;
import static org.assertj.core.api.Assertions.assertThat;

class SeriesResolverTest {

    private static final Instant NOW = Instant.now();
    private static Databases databases;

    @BeforeAll
    static void startPostgres() {
        databases = new Databases();
    }

    @AfterAll
    static void stopPostgres() {
        databases.close();
    }

    @Test
    void shouldResolveKnownSeriesFromTheCacheWithoutTheDatabase() throws Exception {
        // Given: series resolved once
        DataSource ds = databases.migrated(NOW);
        SeriesResolver resolver = new SeriesResolver(1000);
        Batch batch = TestBatches.metrics("acme", "dev-1", 1, NOW, 40, 20);
        long[][] first;
        try (Connection c = ds.getConnection()) {
            first = resolver.resolve(c, List.of(batch));
            assertThat(count(c, "SELECT count(*) FROM series")).isEqualTo(20);
        }
        Connection closed = ds.getConnection();
        closed.close();

        // When: the same series arrive again, decoded afresh (new String instances), with a closed connection
        Batch again = BatchCodec.decode(BatchCodec.encode(TestBatches.metrics("acme", "dev-1", 2, NOW.plusSeconds(60), 40, 20)));
        long[][] second = resolver.resolve(closed, List.of(again));

        // Then
        assertThat(second[0]).containsExactly(first[0]);
        assertThat(first[0][0]).isEqualTo(first[0][20]).isNotEqualTo(first[0][1]);
        assertThat(resolver.cachedSeries()).isEqualTo(20);
    }
}
