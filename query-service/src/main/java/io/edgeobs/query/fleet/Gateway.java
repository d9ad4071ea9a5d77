package io.edgeobs.query.fleet;

import java.util.Map;

/**
 * A gateway as the tenant's devices name it (the gateway and region of each device's newest batch): how many
 * devices it serves, how many of them are in each status, and the newest {@code lastSeen} among them. An empty
 * {@code gatewayId} gathers devices whose batches came without a gateway envelope.
 */
public record Gateway(String gatewayId, String region, long devices, Map<String, Long> devicesByStatus,
                      String lastSeen) {
}
