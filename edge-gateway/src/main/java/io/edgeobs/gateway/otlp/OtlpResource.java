package io.edgeobs.gateway.otlp;

import io.edgeobs.gateway.auth.Authenticator;
import io.edgeobs.gateway.auth.Credential;
import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.error.GatewayException;
import io.edgeobs.gateway.error.ProblemMapper;
import io.edgeobs.gateway.intake.Accepted;
import io.edgeobs.gateway.intake.Bodies;
import io.edgeobs.gateway.intake.Intake;
import io.edgeobs.model.Signal;
import io.edgeobs.model.codec.DecodeException;
import io.edgeobs.model.convert.otlp.OtlpEncoding;
import io.edgeobs.model.validation.Violation;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * OTLP/HTTP for any OpenTelemetry SDK or collector: {@code POST /v1/traces}, {@code /v1/metrics}, {@code /v1/logs},
 * protobuf or JSON, optionally gzip, with a tenant api-key ({@code Authorization: Bearer <key>}). The answer is 200
 * only once the data is in the gateway's log, with partial success for records that failed conversion or
 * validation.
 */
@Path("/v1")
@Blocking
public class OtlpResource {

    private static final Logger LOG = Logger.getLogger(OtlpResource.class);

    private final Authenticator auth;
    private final Intake intake;
    private final GatewayConfig.Limits limits;

    public OtlpResource(Authenticator auth, Intake intake, GatewayConfig config) {
        this.auth = auth;
        this.intake = intake;
        this.limits = config.limits();
    }

    @POST
    @Path("/traces")
    public Response traces(@HeaderParam("Authorization") String authorization, @HeaderParam("Content-Type") String type,
                           @HeaderParam("Content-Encoding") String encoding, byte[] body) {
        return handle(Signal.SPANS, authorization, type, encoding, body);
    }

    @POST
    @Path("/metrics")
    public Response metrics(@HeaderParam("Authorization") String authorization, @HeaderParam("Content-Type") String type,
                            @HeaderParam("Content-Encoding") String encoding, byte[] body) {
        return handle(Signal.METRICS, authorization, type, encoding, body);
    }

    @POST
    @Path("/logs")
    public Response logs(@HeaderParam("Authorization") String authorization, @HeaderParam("Content-Type") String type,
                         @HeaderParam("Content-Encoding") String encoding, byte[] body) {
        return handle(Signal.LOGS, authorization, type, encoding, body);
    }

    private Response handle(Signal signal, String authorization, String contentType, String contentEncoding, byte[] body) {
        Optional<OtlpEncoding> encoding = OtlpEncoding.fromContentType(contentType);
        OtlpEncoding answerIn = encoding.orElse(OtlpEncoding.JSON);
        try {
            if (encoding.isEmpty()) {
                throw new GatewayException.UnsupportedType("Content-Type must be application/x-protobuf or "
                        + "application/json, was " + (contentType == null ? "missing" : contentType));
            }
            Credential client = auth.authenticate(authorization, Credential.Kind.API_KEY);
            try (Intake.Permit permit = intake.admit()) {
                return accept(signal, client, contentEncoding, encoding.get(), answerIn, body);
            }
        } catch (GatewayException e) {
            ProblemMapper.log(e);
            return OtlpAnswers.error(e, answerIn);
        } catch (RuntimeException e) {
            LOG.errorf(e, "OTLP %s request failed", signal);
            return OtlpAnswers.error(new GatewayException.Internal("the gateway failed to handle the request; see its "
                    + "log", e), answerIn);
        }
    }

    private Response accept(Signal signal, Credential client, String contentEncoding, OtlpEncoding encoding,
                            OtlpEncoding answerIn, byte[] body) {
        Bodies.checkSize(body, limits.maxBodySize().asLongValue());
        byte[] bytes = Bodies.decode(body, contentEncoding, limits.maxDecompressedSize().asLongValue());
        OtlpBatches.Converted c;
        try {
            c = OtlpBatches.convert(signal, bytes, encoding, client, System.currentTimeMillis() * 1_000_000L);
        } catch (DecodeException e) {
            throw new GatewayException.BadRequest(e.getMessage(), e);
        }
        if (c.records() > limits.maxRecords()) {
            throw new GatewayException.TooLarge("the request holds " + c.records() + " records, over the limit of "
                    + limits.maxRecords() + "; send smaller batches");
        }
        intake.countRejected(signal, c.rejected());
        Accepted a = intake.accept(client, signal, c.batches(), Intake.Origin.GATEWAY);
        long rejected = c.rejected() + a.rejected();
        String message = rejected == 0 ? "" : Stream.of(c.errorMessage(), a.violations().stream().limit(5)
                        .map(Violation::toString).collect(Collectors.joining("; ")))
                .filter(s -> !s.isEmpty()).collect(Collectors.joining("; "));
        return OtlpAnswers.success(signal, rejected, message, answerIn);
    }
}
