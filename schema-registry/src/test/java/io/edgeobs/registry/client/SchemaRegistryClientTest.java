package io.edgeobs.registry.client;

import io.edgeobs.model.registry.RegisteredSchema;
import io.edgeobs.model.registry.SchemaRegistryClient;
import io.edgeobs.model.registry.SchemaRegistryException;
import io.edgeobs.testsupport.postgres.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client other services use, against the real registry. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SchemaRegistryClientTest {

    static final String SCHEMA = "syntax = \"proto3\";\npackage client.v1;\nmessage Ping { string id = 1; }\n";

    @TestHTTPResource("/")
    URI registry;

    @Test
    void shouldRegisterCheckAndResolveIds() {
        // Given
        SchemaRegistryClient admin = new SchemaRegistryClient(registry, Optional.of("test-admin-token"), Duration.ofSeconds(5));
        SchemaRegistryClient reader = new SchemaRegistryClient(registry, Optional.empty(), Duration.ofSeconds(5));

        // When
        int id = admin.register("client.ping", "PROTOBUF", SCHEMA);
        RegisteredSchema fetched = reader.schemaById(id);
        var ok = reader.check("client.ping", "PROTOBUF", SCHEMA.replace("}", " int64 at = 2; }"));
        var broken = reader.check("client.ping", "PROTOBUF", SCHEMA.replace("string id", "int64 id"));

        // Then
        assertThat(admin.register("client.ping", "PROTOBUF", SCHEMA)).isEqualTo(id);
        assertThat(fetched).isEqualTo(new RegisteredSchema(id, "PROTOBUF", SCHEMA));
        assertThat(reader.schemaById(id)).isSameAs(fetched);
        assertThat(ok.compatible()).isTrue();
        assertThat(broken.compatible()).isFalse();
        assertThat(broken.messages()).containsExactly("message client.v1.Ping field 1 (id): changed type from string to int64");
    }

    @Test
    void shouldFailClosedNamingTheIdItCannotResolve() {
        SchemaRegistryClient reader = new SchemaRegistryClient(registry, Optional.empty(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> reader.schemaById(987_654)).isInstanceOf(SchemaRegistryException.class)
                .hasMessageStartingWith("schema id 987654 could not be resolved: HTTP 404, error 40403")
                .extracting(e -> ((SchemaRegistryException) e).errorCode()).isEqualTo(40403);

        SchemaRegistryClient nowhere = new SchemaRegistryClient(URI.create("http://127.0.0.1:1"), Optional.empty(),
                Duration.ofSeconds(2));
        assertThatThrownBy(() -> nowhere.schemaById(1)).isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("schema id 1 could not be resolved: registry http://127.0.0.1:1/ unreachable");
    }

    @Test
    void shouldRefuseToRegisterWithoutTheAdminToken() {
        SchemaRegistryClient reader = new SchemaRegistryClient(registry, Optional.empty(), Duration.ofSeconds(5));
        assertThatThrownBy(() -> reader.register("client.denied", "PROTOBUF", SCHEMA))
                .isInstanceOf(SchemaRegistryException.class).hasMessageContaining("HTTP 401, error 40101");
    }
}
