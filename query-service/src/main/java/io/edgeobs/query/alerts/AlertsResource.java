package io.edgeobs.query.alerts;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeobs.query.api.Params;
import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.auth.Caller;
import io.edgeobs.query.auth.Requires;
import io.edgeobs.query.auth.Role;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Alert rules of the caller's tenant (read: viewer; write: operator; rules of the rules file are read only) and
 * the tenant's current alerts.
 */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "alerts")
public class AlertsResource {

    private static final List<String> READ_ONLY = List.of("id", "source", "createdAt", "updatedAt", "lastEvaluatedAt",
            "lastError");
    private static final int MAX_ALERTS = 10_000;

    private final RuleStore rules;
    private final AlertStates states;
    private final Caller caller;

    public AlertsResource(RuleStore rules, AlertStates states, Caller caller) {
        this.rules = rules;
        this.states = states;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The tenant's alerts (all but inactive, or those in one state), newest first")
    public List<AlertStates.Alert> alerts(@QueryParam("state") String state, @QueryParam("rule") String rule,
                                          @QueryParam("limit") Integer limit) {
        AlertStateMachine.State s = null;
        if (state != null && !state.isBlank()) {
            try {
                s = AlertStateMachine.State.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new QueryException.BadParameter("state", "unknown state '" + state
                        + "'; use inactive, pending, firing or resolved");
            }
        }
        return states.list(caller.tenant(), s, rule == null || rule.isBlank() ? null : rule.trim(),
                Params.limit("limit", limit, 1000, MAX_ALERTS));
    }

    @GET
    @Path("/rules")
    @Operation(summary = "The tenant's alert rules, from the API and from the rules file")
    public List<Map<String, Object>> list() {
        return rules.list(caller.tenant()).stream().map(AlertsResource::view).toList();
    }

    @GET
    @Path("/rules/{id}")
    @Operation(summary = "One alert rule of the tenant")
    public Map<String, Object> get(@PathParam("id") String id) {
        return view(rules.get(caller.tenant(), id));
    }

    @POST
    @Path("/rules")
    @Requires(Role.OPERATOR)
    @Operation(summary = "Make an alert rule in the caller's tenant")
    public Response create(JsonNode body) {
        AlertRule rule = RuleValidator.validate(RuleCodec.spec(writable(body), ""), "");
        return Response.status(201).entity(view(rules.create(caller.tenant(), rule))).build();
    }

    @PUT
    @Path("/rules/{id}")
    @Requires(Role.OPERATOR)
    @Operation(summary = "Replace an alert rule of the tenant (409 for a rule of the rules file)")
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        AlertRule rule = RuleValidator.validate(RuleCodec.spec(writable(body), ""), "");
        return view(rules.update(caller.tenant(), id, rule));
    }

    @DELETE
    @Path("/rules/{id}")
    @Requires(Role.OPERATOR)
    @Operation(summary = "Delete an alert rule of the tenant and its alerts (409 for a rule of the rules file)")
    public Map<String, Object> delete(@PathParam("id") String id) {
        return view(rules.delete(caller.tenant(), id));
    }

    /** The body without the fields the service sets (so a rule read can be sent back); a tenant only the caller's. */
    private JsonNode writable(JsonNode body) {
        if (body == null || !body.isObject()) {
            return body;
        }
        ObjectNode o = ((ObjectNode) body).deepCopy();
        o.remove(READ_ONLY);
        JsonNode tenant = o.remove("tenant");
        if (tenant != null && !tenant.isNull() && !caller.tenant().equals(tenant.asText())) {
            throw new QueryException.BadParameter("tenant", "rules belong to the tenant of the API key; leave it out");
        }
        return o;
    }

    static Map<String, Object> view(AlertRule.Stored s) {
        AlertRule r = s.rule();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", r.id());
        out.put("tenant", r.tenant());
        out.put("source", AlertRule.wire(r.source()));
        out.putAll(RuleCodec.JSON.convertValue(r.spec(), new TypeReference<Map<String, Object>>() { }));
        out.put("createdAt", str(s.createdAt()));
        out.put("updatedAt", str(s.updatedAt()));
        out.put("lastEvaluatedAt", str(s.lastEvaluatedAt()));
        out.put("lastError", s.lastError());
        return out;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
