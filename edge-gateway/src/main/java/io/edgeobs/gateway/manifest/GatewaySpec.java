package io.edgeobs.gateway.manifest;

/**
 * The gateway's part of its manifest ({@code spec:}), bound strictly.
 *
 * @param policyFile the fleet policy (edge-gateway README, "Policy"), a file listed under {@code files:}
 */
public record GatewaySpec(String policyFile) {

    public GatewaySpec {
        if (policyFile == null || policyFile.isBlank()) {
            throw new IllegalArgumentException("spec.policyFile must name the policy file (listed under files:)");
        }
    }
}
