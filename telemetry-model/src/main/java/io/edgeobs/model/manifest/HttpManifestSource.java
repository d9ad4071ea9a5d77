package io.edgeobs.model.manifest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed manifest in its wire form ({@link SignedManifest#MEDIA_TYPE}) fetched over HTTP, for example from the
 * gateway at {@code /v1/manifests/{fleet}}. Conditional requests ({@code If-None-Match}) keep an unchanged
 * manifest from being downloaded again. Referenced files are not fetched: they are read from {@code baseDir}.
 */
public final class HttpManifestSource implements ManifestSource {

    /** The gateway's path for a fleet's agent manifest. */
    public static final String GATEWAY_PATH = "/v1/manifests/";

    private final URI url;
    private final Path baseDir;
    private final Optional<String> token;
    private final Duration timeout;
    private final HttpClient http;
    private String etag;
    private SignedManifest cached;

    /**
     * @param url     where the wire form is served
     * @param baseDir the directory the manifest's referenced files are relative to
     * @param token   bearer token (the device token, for the gateway), if any
     * @param timeout connect and request timeout
     */
    public HttpManifestSource(URI url, Path baseDir, Optional<String> token, Duration timeout) {
        this.url = Objects.requireNonNull(url, "url");
        this.baseDir = baseDir.toAbsolutePath().normalize();
        this.token = Objects.requireNonNull(token, "token");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The URL of a fleet's manifest on a gateway: {@code <gateway>/v1/manifests/<fleet>}. */
    public static URI gatewayUrl(URI gateway, String fleet) {
        if (!fleet.matches(ManifestParser.NAME_PATTERN)) {
            throw new IllegalArgumentException("'" + fleet + "' is not a valid fleet name");
        }
        String base = gateway.toString().replaceAll("/+$", "");
        return URI.create(base + GATEWAY_PATH + fleet);
    }

    @Override
    public String describe() {
        return url.toString();
    }

    @Override
    public Path baseDir() {
        return baseDir;
    }

    @Override
    public boolean settles() {
        return false;
    }

    @Override
    public synchronized SignedManifest read(ManifestLimits limits) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET()
                .header("Accept", SignedManifest.MEDIA_TYPE);
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        if (etag != null && cached != null) {
            request.header("If-None-Match", etag);
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status == 304 && cached != null) {
                    return cached;
                }
                if (status != 200) {
                    throw new ManifestException(RefusalReason.UNAVAILABLE, "no manifest from " + url + ": HTTP " + status
                            + (status == 401 || status == 403 ? " (is the device token right?)" : ""));
                }
                byte[] wire = Digests.readBounded(body, limits.maxWireBytes(), "signed manifest document from " + url);
                SignedManifest signed = SignedManifest.fromWire(wire, limits);
                etag = response.headers().firstValue("ETag").orElse(null);
                cached = signed;
                return signed;
            }
        } catch (HttpTimeoutException e) {
            throw new ManifestException(RefusalReason.UNAVAILABLE, "no manifest from " + url + ": no answer within "
                    + timeout.toMillis() + " ms", e);
        } catch (IOException e) {
            throw new ManifestException(RefusalReason.UNAVAILABLE, "cannot reach " + url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ManifestException(RefusalReason.UNAVAILABLE, "interrupted while fetching " + url, e);
        }
    }
}
