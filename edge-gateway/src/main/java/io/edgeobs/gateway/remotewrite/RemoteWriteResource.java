package io.edgeobs.gateway.remotewrite;

import io.edgeobs.gateway.auth.Authenticator;
import io.edgeobs.gateway.auth.Credential;
import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.error.GatewayException;
import io.edgeobs.gateway.intake.Accepted;
import io.edgeobs.gateway.intake.Bodies;
import io.edgeobs.gateway.intake.Intake;
import io.edgeobs.gateway.remotewrite.proto.WriteRequest;
import io.edgeobs.model.Batch;
import io.edgeobs.model.Resource;
import io.edgeobs.model.Signal;
import io.edgeobs.model.Tags;
import io.edgeobs.model.convert.prometheus.FamilyResolver;
import io.edgeobs.model.validation.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Prometheus remote_write 1.0 at {@code POST /api/v1/write}, so a Prometheus server or agent can forward to edgeobs
 * with a tenant api-key ({@code authorization: credentials} or {@code basic_auth} with the key as password). 204 once
 * the samples are in the gateway's log; 400 when samples were invalid (the valid ones of the request are kept, and
 * Prometheus does not retry a 400); 5xx only for what a retry can fix (the log is full: 503 with Retry-After).
 */
@Path("/api/v1/write")
@Blocking
public class RemoteWriteResource {

    /** Families learned per client from its metadata; bounded, because each client names its own. */
    static final int MAX_FAMILIES = 50_000;

    private final Authenticator auth;
    private final Intake intake;
    private final GatewayConfig.Limits limits;
    private final Counter staleMarkers;
    private final Map<String, FamilyResolver> families = new ConcurrentHashMap<>();

    public RemoteWriteResource(Authenticator auth, Intake intake, GatewayConfig config, MeterRegistry registry) {
        this.auth = auth;
        this.intake = intake;
        this.limits = config.limits();
        this.staleMarkers = Counter.builder("edgeobs.gateway.remote.write.stale.markers")
                .description("Prometheus staleness markers dropped (edgeobs has no staleness)").register(registry);
    }

    @POST
    public Response write(@HeaderParam("Authorization") String authorization, @HeaderParam("Content-Type") String type,
                          @HeaderParam("Content-Encoding") String encoding,
                          @HeaderParam("X-Prometheus-Remote-Write-Version") String version, byte[] body) {
        Credential client = auth.authenticate(authorization, Credential.Kind.API_KEY);
        checkHeaders(type, encoding, version);
        try (Intake.Permit permit = intake.admit()) {
            return accept(client, body);
        }
    }

    private Response accept(Credential client, byte[] body) {
        Bodies.checkSize(body, limits.maxBodySize().asLongValue());
        WriteRequest request = WriteRequests.parse(body, limits.maxDecompressedSize().asLongValue());
        WriteRequests.Converted c;
        FamilyResolver resolver = resolver(client);
        synchronized (resolver) {
            WriteRequests.learn(request, resolver);
            c = WriteRequests.convert(request, resolver);
        }
        if (c.points().size() > limits.maxRecords()) {
            throw new GatewayException.TooLarge("the request holds " + c.points().size() + " samples, over the limit of "
                    + limits.maxRecords() + " (lower queue_config.max_samples_per_send)");
        }
        staleMarkers.increment(c.staleMarkers());
        intake.countRejected(Signal.METRICS, c.rejected());
        String device = client.name().isEmpty() ? "remote-write-" + client.id() : client.name();
        Accepted a = c.points().isEmpty() ? new Accepted(0, 0, List.of())
                : intake.accept(client, Signal.METRICS, List.of(new Batch(new Resource("", "", device, "prometheus", "",
                Tags.EMPTY), 0, Signal.METRICS, c.points(), null)), Intake.Origin.GATEWAY);
        long rejected = c.rejected() + a.rejected();
        if (rejected > 0) {
            List<Violation> all = new ArrayList<>(c.violations());
            all.addAll(a.violations());
            throw new GatewayException.BadRequest(a.accepted() + " samples accepted, " + rejected + " refused: "
                    + all.stream().limit(10).map(Violation::toString).collect(Collectors.joining("; ")));
        }
        return Response.noContent().build();
    }

    private FamilyResolver resolver(Credential client) {
        FamilyResolver r = families.computeIfAbsent(client.id(), id -> new FamilyResolver());
        synchronized (r) {
            if (r.families().size() > MAX_FAMILIES) {
                r.families().clear();
            }
        }
        return r;
    }

    private static void checkHeaders(String type, String encoding, String version) {
        String t = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (!t.startsWith("application/x-protobuf")) {
            throw new GatewayException.UnsupportedType("Content-Type must be application/x-protobuf, was "
                    + (type == null ? "missing" : type));
        }
        if (t.contains("proto=") && !t.contains("proto=prometheus.writerequest")) {
            throw new GatewayException.UnsupportedType("only remote_write 1.0 (prometheus.WriteRequest) is supported, "
                    + "not " + type);
        }
        if (encoding == null || !encoding.trim().equalsIgnoreCase("snappy")) {
            throw new GatewayException.UnsupportedType("Content-Encoding must be snappy, was "
                    + (encoding == null ? "missing" : encoding));
        }
        if (version != null && !version.trim().startsWith("0.1.")) {
            throw new GatewayException.BadRequest("X-Prometheus-Remote-Write-Version " + version + " is not supported; "
                    + "this endpoint speaks 0.1.0 (remote_write 1.0)");
        }
    }
}
