package io.edgeobs.gateway.manifest;

import io.edgeobs.gateway.auth.Authenticator;
import io.edgeobs.gateway.auth.Credential;
import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.error.GatewayException;
import io.edgeobs.model.manifest.ManifestException;
import io.edgeobs.model.manifest.ManifestLimits;
import io.edgeobs.model.manifest.SignedManifest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import java.nio.file.Files;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code GET /v1/manifests/{fleet}}: the signed manifest of a fleet's agents, in the single-document wire form
 * (ADR 0030), to that fleet's devices only (device token). {@code ETag} is the manifest's SHA-256, so an agent that
 * already has it gets a 304. The gateway does not verify it: every agent does, against its own trusted keys.
 */
@Path("/v1/manifests")
public class ManifestsResource {

    private static final Pattern FLEET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Authenticator auth;
    private final Optional<java.nio.file.Path> dir;

    public ManifestsResource(Authenticator auth, GatewayConfig config) {
        this.auth = auth;
        this.dir = config.manifest().agentManifestsDir().filter(d -> !d.isBlank()).map(java.nio.file.Path::of);
    }

    @GET
    @Path("/{fleet}")
    public Response manifest(@PathParam("fleet") String fleet, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                             @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Credential device = auth.authenticate(authorization, Credential.Kind.DEVICE);
        if (!FLEET.matcher(fleet).matches()) {
            throw new GatewayException.BadRequest("fleet must be letters, digits, '.', '_' or '-', was '" + fleet + "'");
        }
        if (!fleet.equals(device.fleet())) {
            throw new GatewayException.Forbidden("this device token is for fleet " + device.fleet() + ", not " + fleet);
        }
        java.nio.file.Path file = dir.map(d -> d.resolve(fleet).resolve("manifest.yaml"))
                .filter(Files::isRegularFile)
                .orElseThrow(() -> new GatewayException.NotFound("no agent manifest is published for fleet " + fleet
                        + (dir.isEmpty() ? " (edgeobs.gateway.manifest.agent-manifests-dir is not set)" : "")));
        SignedManifest signed;
        try {
            signed = SignedManifest.read(file, ManifestLimits.DEFAULTS);
        } catch (ManifestException e) {
            throw new GatewayException.Internal("the manifest published for fleet " + fleet + " cannot be read: "
                    + e.getMessage(), e);
        }
        if (ifNoneMatch != null && ifNoneMatch.replace("\"", "").trim().equals(signed.sha256())) {
            return Response.notModified().tag(signed.sha256()).build();
        }
        return Response.ok(signed.toWire(), SignedManifest.MEDIA_TYPE).tag(signed.sha256()).build();
    }
}
