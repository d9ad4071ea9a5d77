package io.edgeobs.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StackOptionsTest {

    @Test
    void shouldParseOptionsWithDefaults() {
        // When
        StackOptions o = StackOptions.parse(List.of("--home", "/tmp/h", "--skip", "edge-agent,query-service",
                "--kafka-port", "29092"));

        // Then
        assertThat(o.home()).isEqualTo(Path.of("/tmp/h"));
        assertThat(o.kafkaPort()).isEqualTo(29092);
        assertThat(o.postgresPort()).isEqualTo(15432);
        assertThat(o.skip()).containsExactly("edge-agent", "query-service");
        assertThat(o.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(o.stateFile()).isEqualTo(Path.of("/tmp/h/stack.properties"));
    }

    @Test
    void shouldExplainBadOptions() {
        assertThatThrownBy(() -> StackOptions.parse(List.of("--kafka-port", "x")))
                .isInstanceOf(StackException.class).hasMessage("--kafka-port needs a number, was 'x'");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--kafka-port", "70000")))
                .hasMessage("--kafka-port must be a port number 1..65535, was 70000");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--home")))
                .hasMessage("--home needs a value");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--workers", "3")))
                .hasMessageStartingWith("unknown option '--workers'");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--devices", "-1")))
                .hasMessage("--devices must be 0..100000, was -1");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--profile", "points=x")))
                .hasMessageStartingWith("--profile: ").hasMessageContaining("not a number");
        assertThat(StackOptions.parse(List.of("--devices", "0", "--port-offset", "100")).port(8080)).isEqualTo(8180);
        assertThat(StackOptions.parse(List.of()).agents()).isEqualTo(2);
        assertThatThrownBy(() -> StackOptions.parse(List.of("--agents", "21"))).hasMessage("--agents must be 0..20, was 21");
        assertThat(StackOptions.parse(List.of()).selfMetrics()).isTrue();
        assertThat(StackOptions.parse(List.of("--self-telemetry", "traces")).selfMetrics()).isFalse();
        assertThat(StackOptions.parse(List.of("--self-telemetry", "traces")).selfTraces()).isTrue();
        assertThat(StackOptions.parse(List.of("--self-telemetry", "off")).selfTraces()).isFalse();
        assertThatThrownBy(() -> StackOptions.parse(List.of("--self-telemetry", "some")))
                .hasMessage("--self-telemetry must be all, traces or off, was 'some'");
    }

    @Test
    void shouldGiveSettingsToEveryAgentOrToOneAndRefuseUnknownServices() {
        // Given
        StackOptions o = StackOptions.parse(List.of("--agents", "2", "--devices", "0",
                "--set", "edge-agent:edgeobs.agent.policy.traces.rate=1",
                "--set", "edge-agent-2:edgeobs.agent.buffer.budget=1M"));

        // When
        List<ServiceSpec> agents = LocalStack.agentSpecs(o);

        // Then
        assertThat(agents).extracting(ServiceSpec::name).containsExactly("edge-agent", "edge-agent-2");
        assertThat(agents).allSatisfy(a -> assertThat(a.config()).containsEntry("edgeobs.agent.policy.traces.rate", "1"));
        assertThat(agents.get(0).config()).doesNotContainKey("edgeobs.agent.buffer.budget");
        assertThat(agents.get(1).config()).containsEntry("edgeobs.agent.buffer.budget", "1M");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--set", "edge-gatway:x=1")))
                .isInstanceOf(StackException.class).hasMessageContaining("unknown service 'edge-gatway'");
    }

    @Test
    void shouldSizePostgresForAFleetAndTakeServerSettingsFromSet() {
        // When
        StackOptions defaults = StackOptions.parse(List.of());
        StackOptions set = StackOptions.parse(List.of("--set", "postgresql:shared_buffers=2GB",
                "--set", "postgresql:work_mem=16MB"));

        // Then
        assertThat(defaults.postgresSettings()).containsEntry("shared_buffers", "512MB")
                .containsEntry("max_wal_size", "4GB").containsEntry("checkpoint_timeout", "15min");
        assertThat(set.postgresSettings()).containsEntry("shared_buffers", "2GB").containsEntry("work_mem", "16MB")
                .containsEntry("max_wal_size", "4GB");
        assertThat(set.settingsOf("ingest-service")).isEmpty();
    }

    @Test
    void shouldTurnOpenSearchOnWithTheSinksOption() {
        // When
        StackOptions off = StackOptions.parse(List.of());
        StackOptions both = StackOptions.parse(List.of("--sinks", "postgres,opensearch", "--opensearch-port", "29200"));
        StackOptions only = StackOptions.parse(List.of("--sinks", "opensearch"));

        // Then
        assertThat(off.sinks()).containsExactly("postgresql");
        assertThat(off.openSearch()).isFalse();
        assertThat(off.openSearchPort()).isEqualTo(19200);
        assertThat(both.openSearch()).isTrue();
        assertThat(both.ingestLogSinks()).isEqualTo("both");
        assertThat(both.openSearchPort()).isEqualTo(29200);
        assertThat(only.ingestLogSinks()).isEqualTo("opensearch");
        assertThat(StackOptions.parse(List.of("--sinks", "postgresql")).ingestLogSinks()).isEqualTo("postgresql");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--sinks", "postgresql,elastic")))
                .isInstanceOf(StackException.class).hasMessageStartingWith("--sinks names an unknown sink 'elastic'");
        assertThatThrownBy(() -> StackOptions.parse(List.of("--sinks", ",")))
                .hasMessage("--sinks needs postgresql, opensearch or both, was ','");
    }

    @Test
    void shouldNameThePortsThatAreTaken() throws Exception {
        // Given
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("kafka", taken.getLocalPort());

            // When / Then
            assertThatThrownBy(() -> Ports.requireFree(ports)).isInstanceOf(StackException.class)
                    .hasMessageContaining("port(s) already in use: " + taken.getLocalPort() + " (kafka)");
        }
    }

    @Test
    void shouldKeepEndpointsInOrderInTheStateFile(@TempDir Path dir) throws Exception {
        // Given
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("schema-registry", "http://127.0.0.1:8081");
        endpoints.put("schema-registry health", "http://127.0.0.1:8081/q/health");
        endpoints.put("kafka", "127.0.0.1:19092");

        // When
        new StackState(ProcessHandle.current().pid(), endpoints).write(dir.resolve("stack.properties"));
        StackState read = StackState.read(dir.resolve("stack.properties")).orElseThrow();

        // Then
        assertThat(read.endpoints()).containsExactlyEntriesOf(endpoints);
        assertThat(read.isRunning()).isTrue();
        assertThat(StackState.read(dir.resolve("absent"))).isEmpty();
    }
}
