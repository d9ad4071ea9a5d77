package io.edgeobs.query.jaeger;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeobs.query.api.QueryException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JaegerRequestsTest {

    @Test
    void shouldReadTheJaegerUisLookbacks() {
        assertThat(JaegerRequests.lookback("lookback", "1h")).isEqualTo(Duration.ofHours(1));
        assertThat(JaegerRequests.lookback("lookback", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(JaegerRequests.lookback("lookback", "1w")).isEqualTo(Duration.ofDays(7));
        assertThat(JaegerRequests.lookback("lookback", "custom")).isNull();
        assertThat(JaegerRequests.lookback("lookback", null)).isNull();
        assertThatThrownBy(() -> JaegerRequests.lookback("lookback", "d"))
                .isInstanceOf(QueryException.BadParameter.class).hasMessageStartingWith("lookback:");
    }

    @Test
    void shouldReadRfc3339TimesEvenWithAnUnencodedPlus() {
        Instant t = Instant.parse("2026-12-03T08:00:00.123456789Z");
        assertThat(JaegerRequests.rfc3339("query.start_time_min", "2026-12-03T08:00:00.123456789Z")).isEqualTo(t);
        assertThat(JaegerRequests.rfc3339("query.start_time_min", "2026-12-03T10:00:00.123456789+02:00")).isEqualTo(t);
        // what Grafana's unencoded "+02:00" becomes in a query string
        assertThat(JaegerRequests.rfc3339("query.start_time_min", "2026-12-03T10:00:00.123456789 02:00")).isEqualTo(t);
        assertThatThrownBy(() -> JaegerRequests.rfc3339("query.start_time_min", "1764748800"))
                .isInstanceOf(QueryException.BadParameter.class).hasMessageContaining("RFC 3339");
    }

    @Test
    void shouldMergeTagParametersAndReadBase64Ids() {
        assertThat(JaegerRequests.tags(List.of("a:1", "b:x:y"), List.of("{\"b\":\"2\",\"c\":true,\"d\":5}"), "tags",
                new ObjectMapper())).isEqualTo(Map.of("a", "1", "b", "2", "c", "true", "d", "5"));
        assertThat(JaegerRequests.traceId("traceID", "AAAAAAAAAAAAAAAAAAAAAQ"))
                .isEqualTo("00000000000000000000000000000001");
        assertThat(JaegerRequests.traceId("traceID", "AAAAAAAAAAAAAAAAAAAAAQ=="))
                .isEqualTo("00000000000000000000000000000001");
        assertThatThrownBy(() -> JaegerRequests.traceId("traceID", "not-an-id"))
                .isInstanceOf(QueryException.BadParameter.class).hasMessage("traceID: trace id is not hex: not-an-id");
        assertThatThrownBy(() -> JaegerRequests.spanKind("spanKind", "SERVERLESS"))
                .isInstanceOf(QueryException.BadParameter.class);
        assertThat(JaegerRequests.spanKind("spanKind", "Server")).isEqualTo("server");
    }
}
