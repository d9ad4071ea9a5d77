package io.edgeobs.model.manifest;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestParserTest {

    private static final String HEAD = "apiVersion: edgeobs/v1\nkind: AgentManifest\nversion: 7\nfleet: trams\n";

    private final ManifestParser parser = new ManifestParser();

    record Sampling(double traces, Map<String, Integer> logsPerSecond) {
    }

    record Spec(Sampling sampling, List<String> sources) {
    }

    @Test
    void shouldParseEveryFieldOfAManifest() {
        // Given
        String yaml = HEAD + """
                deviceType: tram-x86
                schemas:
                  edgeobs.metrics: 3
                  edgeobs.spans: 2
                components:
                  edge-agent: "1.10"
                files:
                  targets/node.yaml: 9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08
                spec:
                  sampling: {traces: 0.05, logsPerSecond: {debug: 10}}
                  sources: [otlp, prometheus]
                """;

        // When
        Manifest m = parse(yaml);

        // Then
        assertThat(m.kind()).isEqualTo(ManifestKind.AGENT);
        assertThat(m.version()).isEqualTo(7);
        assertThat(m.fleet()).isEqualTo("trams");
        assertThat(m.deviceType()).contains("tram-x86");
        assertThat(m.schemas()).containsExactly(Map.entry("edgeobs.metrics", 3), Map.entry("edgeobs.spans", 2));
        assertThat(m.schemaVersion("edgeobs.spans")).contains(2);
        assertThat(m.components()).containsExactly(Map.entry("edge-agent", "1.10"));
        assertThat(m.files()).containsExactly(Map.entry("targets/node.yaml",
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
        assertThat(m.spec(Spec.class)).isEqualTo(new Spec(new Sampling(0.05, Map.of("debug", 10)), List.of("otlp", "prometheus")));
    }

    @Test
    void shouldDefaultOptionalFieldsToEmpty() {
        // When
        Manifest m = parse(HEAD.replace("AgentManifest", "GatewayManifest"));

        // Then
        assertThat(m.kind()).isEqualTo(ManifestKind.GATEWAY);
        assertThat(m.deviceType()).isEmpty();
        assertThat(m.schemas()).isEmpty();
        assertThat(m.files()).isEmpty();
        assertThat(m.specTree().isEmpty()).isTrue();
    }

    @Test
    void shouldNameTheBadFieldOfAMalformedManifest() {
        assertMalformed(HEAD + "fleets: x\n", "fleets: unknown field; a manifest has only apiVersion, kind");
        assertMalformed(HEAD.replace("version: 7", "version: \"7\""), "version: must be a positive integer, not the string \"7\"");
        assertMalformed(HEAD.replace("version: 7", "version: 0"), "version: must be a positive integer, not the number 0");
        assertMalformed(HEAD.replace("version: 7\n", ""), "version: is required");
        assertMalformed(HEAD.replace("edgeobs/v1", "edgeobs/v2"), "apiVersion: 'edgeobs/v2' is not supported");
        assertMalformed(HEAD.replace("AgentManifest", "Agent"), "kind: 'Agent' is not a manifest kind");
        assertMalformed(HEAD.replace("trams", "trams/berlin"), "fleet: 'trams/berlin' is not a valid name");
        assertMalformed(HEAD + "schemas: {edgeobs.metrics: latest}\n",
                "schemas[\"edgeobs.metrics\"]: must be a positive integer, not the string \"latest\"");
        assertMalformed(HEAD + "components: {edge-agent: 1.10}\n",
                "components.edge-agent: must be a version string in quotes; YAML read it as the number 1.1");
        assertMalformed(HEAD + "files: {a.yaml: abc}\n", "files[\"a.yaml\"]: must be the file's SHA-256 as 64 hex digits");
        assertMalformed(HEAD + "spec: [1]\n", "spec: must be a mapping, not a list");
    }

    @Test
    void shouldRefuseFilePathsThatEscapeTheManifestDirectory() {
        String hash = "a".repeat(64);
        assertMalformed(HEAD + "files: {../secret: " + hash + "}\n", "files[\"../secret\"]: '..' is not allowed");
        assertMalformed(HEAD + "files: {conf/../../secret: " + hash + "}\n", "'..' is not allowed");
        assertMalformed(HEAD + "files: {/etc/passwd: " + hash + "}\n", "not an absolute one");
        assertMalformed(HEAD + "files: {'C:/x': " + hash + "}\n", "not an absolute one");
        assertMalformed(HEAD + "files: {'a\\\\b': " + hash + "}\n", "backslashes");
        assertMalformed(HEAD + "files: {a//b: " + hash + "}\n", "empty and '.' path segments");
    }

    @Test
    void shouldRefuseYamlFeaturesThatHideWhatIsSigned() {
        assertMalformed(HEAD + "spec: {a: &x {b: 1}, c: *x}\n", "anchors and aliases");
        assertMalformed(HEAD + "spec: {a: !!str 1.10}\n", "YAML tags");
        assertMalformed(HEAD + "---\n" + HEAD, "more than one YAML document");
        assertMalformed(HEAD + "fleet: buses\n", "key 'fleet' appears twice in the same mapping (line 5");
        assertMalformed(HEAD + "spec: {a: 1, a: 2}\n", "key 'a' appears twice");
        assertMalformed(HEAD + "  bad: [\n", "YAML syntax error at line 5");
        assertMalformed("", "the document is empty");
        assertMalformed("- a\n", "the document must be a mapping");
    }

    @Test
    void shouldRefuseBytesThatAreNotUtf8OrTooLarge() {
        // Given
        byte[] latin1 = (HEAD + "spec: {city: Köln}\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] large = (HEAD + "spec: {pad: '" + "x".repeat(2000) + "'}\n").getBytes(StandardCharsets.UTF_8);

        // Then
        assertThatThrownBy(() -> parser.parse(latin1)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("not UTF-8");
        assertThatThrownBy(() -> new ManifestParser(new ManifestLimits(1024, 1024, 1024)).parse(large))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.TOO_LARGE))
                .hasMessageContaining("above the limit of 1024 bytes");
    }

    @Test
    void shouldNameThePathOfASpecFieldThatDoesNotBind() {
        // Given
        Manifest typo = parse(HEAD + "spec: {sampling: {traces: 0.1, logsPerSecnd: {}}}\n");
        Manifest wrongType = parse(HEAD + "spec: {sampling: {traces: lots}}\n");
        Manifest wrongList = parse(HEAD + "spec: {sources: [otlp, {a: 1}]}\n");

        // Then
        assertThatThrownBy(() -> typo.spec(Spec.class))
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.MALFORMED))
                .hasMessageContaining("spec.sampling.logsPerSecnd: unknown field 'logsPerSecnd' (known fields: logsPerSecond, traces)");
        assertThatThrownBy(() -> wrongType.spec(Spec.class))
                .hasMessageContaining("spec.sampling.traces: 'lots' is not a valid double");
        assertThatThrownBy(() -> wrongList.spec(Spec.class))
                .hasMessageContaining("spec.sources[1]: expected a string");
    }

    @Test
    void shouldKeepTheSpecTreeImmutable() {
        // Given
        Manifest m = parse(HEAD + "spec: {a: 1}\n");

        // When
        m.specTree().put("a", 2);

        // Then
        assertThat(m.specTree().get("a").asInt()).isEqualTo(1);
        assertThat(m.describe()).isEqualTo("AgentManifest v7 for fleet trams");
        assertThat(parse(HEAD + "deviceType: x\n").deviceType()).isEqualTo(Optional.of("x"));
    }

    private Manifest parse(String yaml) {
        return parser.parse(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private void assertMalformed(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml)).as(yaml)
                .isInstanceOfSatisfying(ManifestException.class, e -> assertThat(e.reason()).isEqualTo(RefusalReason.MALFORMED))
                .hasMessageContaining(message);
    }
}
