package io.edgeobs.gateway.intake;

import io.edgeobs.gateway.auth.Authenticator;
import io.edgeobs.gateway.auth.Credential;
import io.edgeobs.gateway.config.GatewayConfig;
import io.edgeobs.gateway.error.GatewayException;
import io.edgeobs.gateway.policy.PolicyHolder;
import io.edgeobs.model.Batch;
import io.edgeobs.model.codec.BatchCodec;
import io.edgeobs.model.codec.DecodeException;
import io.edgeobs.model.codec.ProtoMapper;
import io.edgeobs.model.validation.Violation;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code POST /v1/batches}: one {@code edgeobs.v1.Batch} from an edge agent (ADR 0005). Protobuf, optionally gzip, a
 * bearer device token; tenant and fleet come from the token. 200 once the batch is in the gateway's log, with the
 * counts and reasons of records refused by validation.
 */
@Path("/v1/batches")
public class BatchesResource {

    /** How many violation messages an answer lists (the counts are always complete). */
    static final int MAX_ERRORS = 20;

    private final Authenticator auth;
    private final Intake intake;
    private final PolicyHolder policy;
    private final GatewayConfig.Limits limits;

    public BatchesResource(Authenticator auth, Intake intake, PolicyHolder policy, GatewayConfig config) {
        this.auth = auth;
        this.intake = intake;
        this.policy = policy;
        this.limits = config.limits();
    }

    @POST
    @Blocking
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> post(@HeaderParam("Authorization") String authorization,
                                    @HeaderParam("Content-Type") String contentType,
                                    @HeaderParam("Content-Encoding") String contentEncoding,
                                    @HeaderParam("Edgeobs-Schema-Version") String schemaVersion, byte[] body) {
        Credential device = auth.authenticate(authorization, Credential.Kind.DEVICE);
        requireProtobuf(contentType);
        try (Intake.Permit permit = intake.admit()) {
            return accept(device, contentEncoding, schemaVersion, body);
        }
    }

    private Map<String, Object> accept(Credential device, String contentEncoding, String schemaVersion, byte[] body) {
        Bodies.checkSize(body, limits.maxBodySize().asLongValue());
        byte[] bytes = Bodies.decode(body, contentEncoding, limits.maxDecompressedSize().asLongValue());
        Batch batch;
        io.edgeobs.model.proto.Batch parsed;
        try {
            parsed = BatchCodec.parse(bytes, 0, bytes.length);
            batch = ProtoMapper.fromProto(parsed);
        } catch (DecodeException e) {
            throw new GatewayException.BadRequest("the body is not an edgeobs.v1.Batch: " + e.getMessage(), e);
        }
        if (batch.size() > limits.maxRecords()) {
            throw new GatewayException.TooLarge("the batch holds " + batch.size() + " records, over the limit of "
                    + limits.maxRecords());
        }
        if (!device.deviceId().isEmpty() && !device.deviceId().equals(batch.resource().deviceId())) {
            throw new GatewayException.Forbidden("token " + device.id() + " belongs to device " + device.deviceId()
                    + ", but the batch is from device '" + batch.resource().deviceId() + "'");
        }
        policy.checkSchemaVersion(schemaVersion, device.fleet(), batch.signal());
        Accepted a = intake.acceptDecoded(device, batch.signal(), List.of(new Intake.Decoded(batch, parsed)),
                Intake.Origin.DEVICE);
        return answer(a);
    }

    static Map<String, Object> answer(Accepted a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accepted", a.accepted());
        m.put("rejected", a.rejected());
        m.put("errors", a.violations().stream().limit(MAX_ERRORS).map(Violation::toString).toList());
        return m;
    }

    private static void requireProtobuf(String contentType) {
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!type.equals("application/x-protobuf") && !type.equals("application/protobuf")
                && !type.equals("application/octet-stream")) {
            throw new GatewayException.UnsupportedType("Content-Type must be application/x-protobuf (an "
                    + "edgeobs.v1.Batch), was " + (contentType == null ? "missing" : contentType));
        }
    }
}
