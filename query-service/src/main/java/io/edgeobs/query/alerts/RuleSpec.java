package io.edgeobs.query.alerts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/**
 * An alert rule as written: the body of {@code POST/PUT /api/v1/alerts/rules}, an entry of the rules file (which
 * adds {@code tenant}), and what {@code query.alert_rules.spec} stores. Everything is optional here;
 * {@link RuleValidator} says what a kind needs and turns it into an {@link AlertRule}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RuleSpec(
        String tenant,
        String name,
        String kind,
        String severity,
        @JsonProperty("for") String forDuration,
        String fleet,
        Map<String, String> labels,
        String webhook,
        Double threshold,
        String operator,
        String window,
        String metric,
        Map<String, String> tags,
        String aggregation,
        String per) {

    /** The same rule without its tenant (what is stored: the tenant has its own column). */
    RuleSpec withoutTenant() {
        return new RuleSpec(null, name, kind, severity, forDuration, fleet, labels, webhook, threshold, operator,
                window, metric, tags, aggregation, per);
    }
}
