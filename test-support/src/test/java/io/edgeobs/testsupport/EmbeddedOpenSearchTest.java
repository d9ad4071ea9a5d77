package io.edgeobs.testsupport;

import io.edgeobs.testsupport.opensearch.OpenSearchResource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedOpenSearchTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shouldIndexAndSearchADocument() throws Exception {
        // Given a node started the way a @QuarkusTest starts it
        OpenSearchResource resource = new OpenSearchResource();
        Map<String, String> config = resource.start();
        try {
            String url = config.get("edgeobs.opensearch.url");
            assertThat(config.get("quarkus.elasticsearch.hosts")).isEqualTo(url.substring("http://".length()));

            // When
            HttpResponse<String> indexed = send("PUT", url + "/edgeobs-logs/_doc/1?refresh=true",
                    "{\"device_id\":\"dev-1\",\"level\":\"error\",\"message\":\"valve stuck at 40 percent\"}");
            HttpResponse<String> found = send("POST", url + "/edgeobs-logs/_search",
                    "{\"query\":{\"match\":{\"message\":\"valve stuck\"}}}");

            // Then
            assertThat(indexed.statusCode()).isEqualTo(201);
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.body()).contains("\"total\":{\"value\":1").contains("\"device_id\":\"dev-1\"")
                    .contains("valve stuck at 40 percent");
        } finally {
            resource.stop();
        }
    }

    private HttpResponse<String> send(String method, String url, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

}
