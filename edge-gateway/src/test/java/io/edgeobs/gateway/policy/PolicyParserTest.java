package io.edgeobs.gateway.policy;

import io.edgeobs.model.LogLevel;
import io.edgeobs.model.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyParserTest {

    @Test
    void shouldReadEveryPartOfAPolicy() {
        // Given a policy with schema pins, a seed and one rule of each kind
        String yaml = """
                version: 12
                schema_versions: [1, 2]
                fleets:
                  cameras: {schema_versions: [2]}
                sampling: {seed: 99}
                redact: {key: k}
                rules:
                  - {name: a, match: {signal: metrics, name: "node_*", tags: {env: "dev*"}}, action: aggregate, window: 1m}
                  - {name: s, match: {signal: spans, service: checkout}, action: sample, ratio: 0.1, keep_errors: false}
                  - {name: l, match: {signal: logs, level: [debug, trace], device_type: "cam-*"}, action: keep_local}
                  - {name: r, action: redact, keys: [user.*], mode: drop}
                  - {name: d, match: {tenant: acme}, action: drop}
                """;

        // When it is parsed
        PolicyDocument doc = PolicyParser.parse(yaml, "policy.yaml");

        // Then every setting is there, with defaults where nothing was said
        assertThat(doc.version()).isEqualTo(12);
        assertThat(doc.allowedSchemaVersions("pumps")).containsExactly(1, 2);
        assertThat(doc.allowedSchemaVersions("cameras")).containsExactly(2);
        assertThat(doc.samplingSeed()).isEqualTo(io.edgeobs.model.sampling.TraceIdSampler.seedOf("99"));
        assertThat(doc.rules()).extracting(Rule::action).containsExactly(Action.AGGREGATE, Action.SAMPLE,
                Action.KEEP_LOCAL, Action.REDACT, Action.DROP);
        Rule a = doc.rules().get(0);
        assertThat(a.aggregate().window()).isEqualTo(Duration.ofMinutes(1));
        assertThat(a.aggregate().grace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(a.aggregate().functions()).hasSize(5);
        assertThat(a.match().matchesRecord("node_load1", null, null, null, k -> k.equals("env") ? "dev-3" : null)).isTrue();
        assertThat(a.match().matchesRecord("node_load1", null, null, null, k -> "prod")).isFalse();
        assertThat(doc.rules().get(1).sample().keepErrors()).isFalse();
        assertThat(doc.rules().get(2).match().levels()).isEqualTo(Set.of(LogLevel.DEBUG, LogLevel.TRACE));
        assertThat(doc.rules().get(2).match().matchesBatch(Signal.LOGS, "t", "f", "cam-v2", "x")).isTrue();
        assertThat(doc.rules().get(2).match().matchesBatch(Signal.LOGS, "t", "f", "pump", "x")).isFalse();
        assertThat(doc.rules().get(3).redact().hash()).isFalse();
    }

    @Test
    void shouldRefusePoliciesWithAClearReasonAndWhere() {
        assertRefused("rules: []", "version: required");
        assertRefused("version: 1\nrule: []", "rule: unknown key");
        assertRefused("version: 1\nrules: [{name: x, action: aggregat}]", "rules[0] (x).action: unknown action 'aggregat'");
        assertRefused("version: 1\nrules: [{name: x, action: aggregate, window: 1m}]",
                "action aggregate applies to metrics only; add 'signal: metrics'");
        assertRefused("version: 1\nrules: [{name: x, match: {signal: metrics}, action: aggregate, window: 5 minutes}]",
                "rules[0] (x).window: '5 minutes' is not a duration");
        assertRefused("version: 1\nrules: [{name: x, match: {signal: spans}, action: sample, ratio: 2}]",
                "ratio: required, a number from 0 to 1");
        assertRefused("version: 1\nrules: [{name: x, match: {signal: logs, name: foo}, action: drop}]",
                "match.name: only applies to metrics");
        assertRefused("version: 1\nrules: [{name: x, match: {signal: logs, level: loud}, action: drop}]",
                "'loud' is not a log level");
        assertRefused("version: 1\nrules: [{name: x, action: drop}, {name: x, action: forward}]", "'x' is used twice");
        assertRefused("version: 1\nrules: [{name: x, action: drop, ratio: 0.5}]", "ratio: does not apply to action drop");
        assertRefused("version: 1\nschema_versions: [one]", "schema_versions: 'one' is not a version");
        assertRefused("version: 1\n  rules: :", "not valid YAML");
    }

    private static void assertRefused(String yaml, String reason) {
        assertThatThrownBy(() -> PolicyParser.parse(yaml, "p.yaml")).isInstanceOf(PolicyException.class)
                .hasMessageStartingWith("p.yaml: ").hasMessageContaining(reason);
    }
}
