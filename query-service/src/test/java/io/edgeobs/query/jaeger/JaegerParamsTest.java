package io.edgeobs.query.jaeger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class JaegerParamsTest {

    @Test
    void goDurations() {
        assertThat(JaegerParams.goDurationNanos("minDuration", "300ms")).isEqualTo(300_000_000L);
        assertThat(JaegerParams.goDurationNanos("minDuration", "1.5s")).isEqualTo(1_500_000_000L);
        assertThat(JaegerParams.goDurationNanos("minDuration", "2h45m")).isEqualTo(9_900_000_000_000L);
        assertThat(JaegerParams.goDurationNanos("minDuration", "10us")).isEqualTo(10_000L);
        assertThat(JaegerParams.goDurationNanos("minDuration", "10µs")).isEqualTo(10_000L);
        assertThat(JaegerParams.goDurationNanos("minDuration", "0")).isZero();
        assertThatThrownBy(() -> JaegerParams.goDurationNanos("maxDuration", "12"))
                .hasMessageStartingWith("maxDuration:");
        assertThatThrownBy(() -> JaegerParams.goDurationNanos("maxDuration", "5x"))
                .hasMessageContaining("unknown unit");
    }

    @Test
    void timestampsInMicrosOrMillis() {
        assertThat(JaegerParams.epochMicros("start", "1764700000000000")).isEqualTo(1764700000000000L);
        assertThat(JaegerParams.epochMicros("start", "1764700000000")).isEqualTo(1764700000000000L);
        assertThatThrownBy(() -> JaegerParams.epochMicros("end", "abc")).hasMessageStartingWith("end:");
        assertThatThrownBy(() -> JaegerParams.epochMicros("end", "-1")).hasMessageContaining("negative");
    }

    @Test
    void traceIdsAreLowercasePadded() {
        assertThat(JaegerParams.traceId("traceID", "ABCDEF")).isEqualTo("00000000000000000000000000abcdef");
        assertThat(JaegerParams.traceId("traceID", "0123456789abcdef0123456789ABCDEF"))
                .isEqualTo("0123456789abcdef0123456789abcdef");
        assertThatThrownBy(() -> JaegerParams.traceId("traceID", "xyz")).hasMessageContaining("not hex");
        assertThatThrownBy(() -> JaegerParams.traceId("traceID", "0".repeat(33))).hasMessageStartingWith("traceID:");
    }

    @Test
    void tagsAndLimit() {
        assertThat(JaegerParams.tags(List.of("http.status_code:500", "url:http://x:8080/a")))
                .isEqualTo(Map.of("http.status_code", "500", "url", "http://x:8080/a"));
        assertThatThrownBy(() -> JaegerParams.tags(List.of("novalue"))).hasMessageStartingWith("tag:");
        assertThat(JaegerParams.limit("limit", null, 20, 1500)).isEqualTo(20);
        assertThat(JaegerParams.limit("limit", "100", 20, 1500)).isEqualTo(100);
        assertThatThrownBy(() -> JaegerParams.limit("limit", "5000", 20, 1500)).hasMessageContaining("1500");
    }
}
