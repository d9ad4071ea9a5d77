package io.edgeobs.registry.compat;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.edgeobs.registry.compat.CompatibilityLevel.BACKWARD;
import static io.edgeobs.registry.compat.CompatibilityLevel.FULL_TRANSITIVE;
import static io.edgeobs.registry.compat.SchemaType.PROTOBUF;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real edgeobs contract: {@code compat/telemetry-v1.proto} is a pinned copy of
 * {@code telemetry-model/src/main/proto/edgeobs/v1/telemetry.proto}; the live file comes from the class path.
 */
class TelemetryContractCompatibilityTest {

    private final CompatibilityChecker checker = new CompatibilityChecker();

    @Test
    void shouldAcceptAnAddedFieldBackward() throws IOException {
        // Given
        String v1 = resource("/compat/telemetry-v1.proto");
        String v2 = v1.replace("  bytes exemplar_trace_id = 7;        // empty, or 16 bytes\n",
                "  bytes exemplar_trace_id = 7;        // empty, or 16 bytes\n  string description = 8;\n");

        // When
        List<CompatibilityIssue> issues = checker.check(PROTOBUF, v2, List.of(v1), BACKWARD);

        // Then
        assertThat(v2).isNotEqualTo(v1);
        assertThat(issues).isEmpty();
        assertThat(SchemaCanonicalizer.canonical(PROTOBUF, v2)).isNotEqualTo(SchemaCanonicalizer.canonical(PROTOBUF, v1));
    }

    @Test
    void shouldRejectTheMetricTimestampRetypedAsString() throws IOException {
        // Given
        String v1 = resource("/compat/telemetry-v1.proto");
        String v2 = v1.replace("fixed64 timestamp_unix_nanos = 4;", "string timestamp_unix_nanos = 4;");

        // When
        List<CompatibilityIssue> issues = checker.check(PROTOBUF, v2, List.of(v1), BACKWARD);

        // Then
        assertThat(v2).isNotEqualTo(v1);
        assertThat(issues).containsExactly(new CompatibilityIssue(
                "message edgeobs.v1.MetricPoint field 4 (timestamp_unix_nanos)", "changed type from fixed64 to string"));
        assertThat(issues.get(0)).hasToString(
                "message edgeobs.v1.MetricPoint field 4 (timestamp_unix_nanos): changed type from fixed64 to string");
    }

    @Test
    void shouldAcceptTheContractWithoutItsCommentsAsTheSameSchema() throws IOException {
        // Given
        String v1 = resource("/compat/telemetry-v1.proto");
        String bare = v1.replaceAll("(?m)\\s*//.*$", "");

        // When / Then
        assertThat(bare).doesNotContain("//");
        assertThat(SchemaCanonicalizer.canonical(PROTOBUF, bare)).isEqualTo(SchemaCanonicalizer.canonical(PROTOBUF, v1));
    }

    @Test
    void shouldAcceptTheLiveContractAfterThePinnedVersionAtFullTransitive() throws IOException {
        // Given
        String pinned = resource("/compat/telemetry-v1.proto");
        String live = resource("/edgeobs/v1/telemetry.proto"); // from the telemetry-model jar

        // When / Then: telemetry.proto only ever adds fields
        assertThat(checker.check(PROTOBUF, live, List.of(pinned), FULL_TRANSITIVE)).isEmpty();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TelemetryContractCompatibilityTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
