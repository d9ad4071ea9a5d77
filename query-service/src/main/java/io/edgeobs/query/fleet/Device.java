package io.edgeobs.query.fleet;

import java.util.List;

/**
 * A device of the fleet view, from the ingest service's {@code devices} row. Identity and gateway/region are those
 * of its newest batch; {@code firstSeen}/{@code lastSeen} when the gateway received its first and newest batch.
 * The self-telemetry values come from the agent's own metrics at {@code selfTelemetryAt}, each summed over the
 * agent's signals, and are null until it reported them: {@code bufferBytes}/{@code bufferBudgetBytes} the disk
 * buffer's use and budget, {@code droppedRecords} records the agent evicted unacknowledged (budget or age) since it
 * started (a cumulative counter that restarts with the agent), {@code exportLag} buffered records not yet
 * delivered (a count, not a time). {@code status} is {@code ok}, {@code degraded}, {@code silent} or
 * {@code unknown}, with the reasons that led to it.
 */
public record Device(String deviceId, String fleet, String deviceType, String agentVersion, String gatewayId,
                     String region, String firstSeen, String lastSeen, String selfTelemetryAt, Double bufferBytes,
                     Double bufferBudgetBytes, Double bufferUsePercent, Double droppedRecords, Double exportLag,
                     String status, List<String> reasons) {
}
