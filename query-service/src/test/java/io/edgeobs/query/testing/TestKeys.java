package io.edgeobs.query.testing;

import java.util.List;

/**
 * API keys every {@code @QuarkusTest} of the query service has: two tenants, acme with each role and globex with
 * a viewer and an admin, so tests can check roles and that one tenant never sees another's data.
 */
public final class TestKeys {

    public static final String ACME = "acme";
    public static final String GLOBEX = "globex";
    public static final String ACME_VIEWER = "acme-viewer-secret-0001";
    public static final String ACME_OPERATOR = "acme-operator-secret-0001";
    public static final String ACME_ADMIN = "acme-admin-secret-0001";
    public static final String GLOBEX_VIEWER = "globex-viewer-secret-0001";
    public static final String GLOBEX_ADMIN = "globex-admin-secret-0001";

    private TestKeys() {
    }

    static String seedConfig() {
        return String.join(",", List.of(
                ACME + ":viewer:acme viewer:" + ACME_VIEWER,
                ACME + ":operator:acme operator:" + ACME_OPERATOR,
                ACME + ":admin:acme admin:" + ACME_ADMIN,
                GLOBEX + ":viewer:globex viewer:" + GLOBEX_VIEWER,
                GLOBEX + ":admin:globex admin:" + GLOBEX_ADMIN));
    }
}
