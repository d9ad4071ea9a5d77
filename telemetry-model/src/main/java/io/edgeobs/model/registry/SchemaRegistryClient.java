package io.edgeobs.model.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client the edgeobs services use to talk to the schema registry (or any Confluent-compatible one).
 * Schemas by id are immutable, so they are cached in memory after the first fetch; a failed fetch is not cached
 * and is reported with the id it could not resolve.
 */
public final class SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Optional<String> token;
    private final Duration timeout;
    private final HttpClient http;
    private final Map<Integer, RegisteredSchema> byId = new ConcurrentHashMap<>();

    /**
     * @param baseUrl the registry's URL, for example {@code http://127.0.0.1:8081}
     * @param token   the bearer token (admin to register, reader to read where reads are closed), if any
     */
    public SchemaRegistryClient(URI baseUrl, Optional<String> token, Duration timeout) {
        String s = baseUrl.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.token = token;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The schema with this id, from the cache or the registry. */
    public RegisteredSchema schemaById(int id) {
        RegisteredSchema cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode body = call("GET", "schemas/ids/" + id, null, "schema id " + id + " could not be resolved");
        RegisteredSchema schema = new RegisteredSchema(id, body.path("schemaType").asText("AVRO"), body.path("schema").asText());
        byId.put(id, schema);
        return schema;
    }

    /** Registers a schema under a subject and returns its id (the existing id if it is already registered). */
    public int register(String subject, String schemaType, String schema) {
        JsonNode body = call("POST", "subjects/" + encode(subject) + "/versions", request(schemaType, schema),
                "registering a " + schemaType + " schema under subject " + subject + " failed");
        int id = body.path("id").asInt();
        byId.putIfAbsent(id, new RegisteredSchema(id, schemaType, schema));
        return id;
    }

    /** The version of a subject that holds this schema (Confluent's {@code POST /subjects/{subject}}). */
    public SubjectVersion lookup(String subject, String schemaType, String schema) {
        JsonNode body = call("POST", "subjects/" + encode(subject), request(schemaType, schema),
                "looking up a " + schemaType + " schema under subject " + subject + " failed");
        return version(subject, body);
    }

    /** The latest version of a subject. */
    public SubjectVersion latest(String subject) {
        return version(subject, call("GET", "subjects/" + encode(subject) + "/versions/latest", null,
                "reading the latest version of subject " + subject + " failed"));
    }

    /** A version of a subject: its number and the global id of its schema. */
    public record SubjectVersion(String subject, int version, int id) {
    }

    private SubjectVersion version(String subject, JsonNode body) {
        int id = body.path("id").asInt();
        byId.putIfAbsent(id, new RegisteredSchema(id, body.path("schemaType").asText("PROTOBUF"), body.path("schema").asText()));
        return new SubjectVersion(subject, body.path("version").asInt(), id);
    }

    /** Whether a schema could be registered under a subject now, and if not, why. */
    public CompatibilityResult check(String subject, String schemaType, String schema) {
        JsonNode body = call("POST", "compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true",
                request(schemaType, schema), "checking compatibility with subject " + subject + " failed");
        List<String> messages = new ArrayList<>();
        body.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(body.path("is_compatible").asBoolean(false), messages);
    }

    /** The answer of a compatibility check. */
    public record CompatibilityResult(boolean compatible, List<String> messages) {
    }

    private static Map<String, String> request(String schemaType, String schema) {
        return Map.of("schemaType", schemaType, "schema", schema);
    }

    private JsonNode call(String method, String path, Object body, String failure) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", CONTENT_TYPE);
        token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
        try {
            if (body == null) {
                b.GET();
            } else {
                b.header("Content-Type", CONTENT_TYPE).method(method,
                        HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
            }
            HttpResponse<byte[]> response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? JSON.nullNode() : JSON.readTree(response.body());
            if (response.statusCode() / 100 != 2) {
                int code = json.path("error_code").asInt(response.statusCode());
                throw new SchemaRegistryException(failure + ": HTTP " + response.statusCode() + ", error " + code + ": "
                        + json.path("message").asText("(no message)") + " (" + base + ")", code, null);
            }
            return json;
        } catch (IOException e) {
            throw new SchemaRegistryException(failure + ": registry " + base + " unreachable: " + e, -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(failure + ": interrupted", -1, e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
