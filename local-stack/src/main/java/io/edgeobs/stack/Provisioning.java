package io.edgeobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

/**
 * The local agent's device token: issued once through the gateway's admin API (tenant {@code local}, fleet
 * {@code local}) and kept in {@code <home>/gateway-device-token} ("id token"); issued again if the gateway no longer
 * knows it (its data was wiped) or it was revoked.
 */
final class Provisioning {

    static final String TENANT = "local";
    static final String FLEET = "local";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Provisioning() {
    }

    static Path tokenFile(StackOptions o) {
        return o.home().resolve("gateway-device-token");
    }

    static String agentToken(StackOptions o, String gatewayUrl, String adminToken) {
        Path file = tokenFile(o);
        try {
            if (Files.exists(file)) {
                String[] idAndToken = Files.readString(file).trim().split(" ", 2);
                if (idAndToken.length == 2 && isLive(gatewayUrl, adminToken, idAndToken[0])) {
                    return idAndToken[1];
                }
            }
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/admin/tokens"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            JSON.writeValueAsString(Map.of("kind", "device", "tenant", TENANT, "fleet", FLEET,
                                    "name", "local-stack agent")))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new StackException("the gateway did not issue a device token for the agent: HTTP " + r.statusCode()
                        + " " + r.body());
            }
            JsonNode issued = JSON.readTree(r.body());
            Files.writeString(file, issued.path("id").asText() + " " + issued.path("token").asText() + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // best effort
            }
            return issued.path("token").asText();
        } catch (IOException e) {
            throw new StackException("cannot provision the agent's device token at " + gatewayUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while provisioning the agent's device token");
        }
    }

    private static boolean isLive(String gatewayUrl, String adminToken, String id) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/admin/tokens"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + adminToken).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            return false;
        }
        for (JsonNode t : JSON.readTree(r.body())) {
            if (t.path("id").asText().equals(id) && t.path("revoked_at").isNull()) {
                return true;
            }
        }
        return false;
    }
}
