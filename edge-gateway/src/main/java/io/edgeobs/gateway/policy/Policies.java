package io.edgeobs.gateway.policy;

/** Where the forwarder gets the policy in force, and where it reports rule hits. */
public interface Policies {

    PolicyEngine engine();

    /** Counts the hits of one batch ({@link PolicyEngine.Outcome#hits()}) under the rules of {@code doc}. */
    void count(PolicyDocument doc, long[] hits);

    /** A fixed policy whose hits are not counted (tests, tools). */
    static Policies fixed(PolicyDocument doc) {
        PolicyEngine engine = new PolicyEngine(doc);
        return new Policies() {
            public PolicyEngine engine() {
                return engine;
            }

            public void count(PolicyDocument d, long[] hits) {
                // not counted
            }
        };
    }
}
