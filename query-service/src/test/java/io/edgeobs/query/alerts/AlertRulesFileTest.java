package io.edgeobs.query.alerts;

import io.edgeobs.query.api.QueryException;
import io.edgeobs.query.testing.QueryTestProfile;
import io.edgeobs.query.testing.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.edgeobs.query.alerts.AlertTestSupport.T0;
import static io.edgeobs.query.alerts.AlertTestSupport.states;
import static io.edgeobs.query.testing.TestKeys.ACME;
import static io.edgeobs.query.testing.TestKeys.ACME_OPERATOR;
import static io.edgeobs.query.testing.TestKeys.ACME_VIEWER;
import static io.edgeobs.query.testing.TestKeys.GLOBEX_VIEWER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@TestProfile(QueryTestProfile.class)
class AlertRulesFileTest {

    /** The file QueryTestProfile names in edgeobs.query.alerts.rules-file. */
    private static final Path FILE = Path.of("target/alert-rules-test.yaml");
    private static final String RULES = "/api/v1/alerts/rules";

    @Inject
    RuleFileLoader loader;
    @Inject
    AlertEvaluator evaluator;
    @Inject
    RuleStore store;
    @Inject
    DataSource db;

    @AfterEach
    void emptyTheFile() throws Exception {
        Files.writeString(FILE, "rules: []\n");
        loader.reload();
    }

    @Test
    void shouldLoadRulesOfEachTenantFromTheFileShowThemAsFileRulesAndRefuseApiChanges() throws Exception {
        // Given a file with a rule for acme and one for globex
        String fleet = TestData.unique("fleet");
        String acmeName = TestData.unique("file silent");
        write("""
                rules:
                  - tenant: acme
                    name: %s
                    kind: device_silent
                    threshold: 10
                    fleet: %s
                    for: 1m
                  - tenant: globex
                    name: globex buffer
                    kind: buffer_above
                    threshold: 75
                """.formatted(acmeName, fleet));

        // When it is loaded
        assertThat(loader.reload()).isEqualTo(2);

        // Then acme sees its rule as a file rule, and globex does not see it
        String id = RuleStore.fileId(ACME, acmeName);
        given().header("X-API-Key", ACME_VIEWER).when().get(RULES + "/" + id).then().statusCode(200)
                .body("source", equalTo("file")).body("name", equalTo(acmeName)).body("for", equalTo("1m"))
                .body("fleet", equalTo(fleet));
        given().header("X-API-Key", ACME_VIEWER).when().get(RULES).then().body("name", not(hasItem("globex buffer")));
        given().header("X-API-Key", GLOBEX_VIEWER).when().get(RULES).then()
                .body("find { it.name == 'globex buffer' }.source", equalTo("file"))
                .body("id", not(hasItem(id)));

        // And the API may not change or delete it
        given().header("X-API-Key", ACME_OPERATOR).contentType(ContentType.JSON)
                .body(Map.of("name", acmeName, "kind", "device_silent", "threshold", 1))
                .when().put(RULES + "/" + id).then().statusCode(409).body("detail", containsString("rules file"));
        given().header("X-API-Key", ACME_OPERATOR).when().delete(RULES + "/" + id).then().statusCode(409);

        // And it is evaluated like any rule
        new TestData(db).device(ACME, "file-dev", fleet, T0, "1.0", null, null, null, null);
        AlertTestSupport support = new AlertTestSupport(evaluator, store);
        support.evaluate(ACME, id, T0.plusSeconds(11 * 60));
        support.evaluate(ACME, id, T0.plusSeconds(12 * 60));
        assertThat(states(ACME_VIEWER, id)).isEqualTo(Map.of("file-dev", "firing"));

        // When the file changes the threshold, then the rule (same id, same state) follows
        write("""
                rules:
                  - tenant: acme
                    name: %s
                    kind: device_silent
                    threshold: 30
                    fleet: %s
                """.formatted(acmeName, fleet));
        loader.checkForChange();
        given().header("X-API-Key", ACME_VIEWER).when().get(RULES + "/" + id).then().statusCode(200)
                .body("threshold", equalTo(30.0f)).body("for", org.hamcrest.Matchers.nullValue());
        assertThat(states(ACME_VIEWER, id)).isEqualTo(Map.of("file-dev", "firing"));
        given().header("X-API-Key", GLOBEX_VIEWER).when().get(RULES).then().body("name", not(hasItem("globex buffer")));
    }

    @Test
    void shouldKeepTheRulesInForceWhenTheFileBecomesInvalid() throws Exception {
        // Given a loaded file
        String name = TestData.unique("kept");
        write("rules:\n  - tenant: acme\n    name: " + name + "\n    kind: buffer_above\n    threshold: 80\n");
        assertThat(loader.reload()).isEqualTo(1);

        // When the file loses a threshold, then the reload names the field and the rule stays
        write("rules:\n  - tenant: acme\n    name: " + name + "\n    kind: buffer_above\n");
        assertThatThrownBy(() -> loader.reload()).isInstanceOf(QueryException.BadParameter.class)
                .hasMessageContaining("rules[0].threshold");
        loader.checkForChange(); // logged, changes nothing
        given().header("X-API-Key", ACME_VIEWER).when().get(RULES + "/" + RuleStore.fileId(ACME, name)).then()
                .statusCode(200).body("threshold", equalTo(80.0f));

        // And a rule without a tenant or with an unknown field is refused naming it
        write("rules:\n  - name: x\n    kind: buffer_above\n    threshold: 1\n");
        assertThatThrownBy(() -> loader.reload()).hasMessageContaining("rules[0].tenant");
        write("rules:\n  - tenant: acme\n    name: x\n    kind: buffer_above\n    threshold: 1\n    colour: red\n");
        assertThatThrownBy(() -> loader.reload()).hasMessageContaining("rules[0].colour");
    }

    @Test
    void shouldAcceptTheDocumentedExampleFile() throws Exception {
        Path example = Path.of("").toAbsolutePath();
        while (!Files.exists(example.resolve("docs/examples/alert-rules.yaml"))) {
            example = example.getParent();
        }
        List<AlertRule> rules = RuleFileLoader.parse(Files.readAllBytes(example.resolve("docs/examples/alert-rules.yaml")));
        assertThat(rules).extracting(AlertRule::tenant, AlertRule::name, r -> AlertRule.wire(r.kind()))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("acme", "camera silent", "device_silent"),
                        org.assertj.core.groups.Tuple.tuple("acme", "buffer filling", "buffer_above"),
                        org.assertj.core.groups.Tuple.tuple("acme", "dropping records", "drops_above"),
                        org.assertj.core.groups.Tuple.tuple("globex", "cpu hot", "metric_threshold"),
                        org.assertj.core.groups.Tuple.tuple("globex", "disk nearly full", "metric_threshold"));
        assertThat(rules.get(3).operator()).isEqualTo(AlertRule.Operator.GE);
        assertThat(rules.get(4).threshold()).isEqualTo(1.0e9);
    }

    private static void write(String yaml) throws Exception {
        Files.createDirectories(FILE.getParent());
        Files.write(FILE, yaml.getBytes(StandardCharsets.UTF_8));
    }
}
