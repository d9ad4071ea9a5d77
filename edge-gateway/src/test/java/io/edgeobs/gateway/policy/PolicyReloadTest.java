package io.edgeobs.gateway.policy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A new policy goes into force as a whole or not at all; a broken one leaves the last good one in force. */
@QuarkusTest
class PolicyReloadTest {

    @Inject
    PolicyHolder holder;

    @AfterEach
    void restoreTheTestPolicy() throws Exception {
        holder.install(Files.readString(Path.of("src/test/resources/test-policy.yaml")), "src/test/resources/test-policy.yaml");
    }

    @Test
    void shouldPutANewVersionInForceAndKeepTheLastGoodOneWhenTheNextDoesNotParse() {
        // Given version 8 put in force (as a verified manifest would hand it over)
        holder.install("version: 8\nrules: [{name: all-logs-go, match: {signal: logs}, action: drop}]", "manifest m-8");
        assertThat(holder.engine().document().version()).isEqualTo(8);
        given().get("/q/health/ready").then().body("checks[0].data.policy-version", equalTo(8));

        // When version 9 has a typo
        assertThatThrownBy(() -> holder.install("version: 9\nrules: [{name: x, action: dorp}]", "manifest m-9"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("unknown action 'dorp'");

        // Then version 8 stays in force, and readiness says why 9 was refused
        assertThat(holder.engine().document().version()).isEqualTo(8);
        assertThat(holder.engine().document().rules()).extracting(Rule::name).containsExactly("all-logs-go");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks[0].data.policy-refused", containsString("manifest m-9: rules[0] (x).action"));
        given().get("/q/metrics").then().body(containsString("edgeobs_gateway_policy_refused_total"));
    }
}
