package io.edgeobs.query.fleet;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

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
public record Device(
        String deviceId, String fleet, String deviceType, String agentVersion,
        @Schema(description = "gateway of the device's newest batch; empty when it came without a gateway envelope")
        String gatewayId,
        String region,
        @Schema(description = "when the gateway received the device's first batch (RFC 3339)") String firstSeen,
        @Schema(description = "when the gateway received the device's newest batch (RFC 3339)") String lastSeen,
        @Schema(description = "time of the newest agent self-telemetry sample taken into account; null: none yet")
        String selfTelemetryAt,
        @Schema(description = "bytes in the agent's disk buffer, summed over signals (edgeobs_agent_buffer_bytes)")
        Double bufferBytes,
        @Schema(description = "the buffer's budget in bytes, summed over signals (edgeobs_agent_buffer_budget_bytes)")
        Double bufferBudgetBytes,
        @Schema(description = "bufferBytes in percent of bufferBudgetBytes, one decimal; null without a budget")
        Double bufferUsePercent,
        @Schema(description = "records the agent evicted unacknowledged (over budget or too old) since it started: "
                + "a cumulative counter that restarts with the agent (edgeobs_agent_buffer_dropped)")
        Double droppedRecords,
        @Schema(description = "buffered records not yet delivered, summed over signals (a count, not a time; "
                + "edgeobs_agent_export_lag)")
        Double exportLag,
        @Schema(description = "silent (not seen for silentAfter), unknown (no self-telemetry yet), degraded (a "
                + "threshold passed) or ok", enumeration = {"ok", "degraded", "silent", "unknown"})
        String status,
        @Schema(description = "every rule that applies, e.g. \"buffer 91% >= 80%\"") List<String> reasons) {
}
