package io.edgeobs.model;

/**
 * Where a batch comes from. {@code tenant} and {@code fleet} are set by the gateway from the device's
 * credentials; an agent leaves them empty.
 */
public record Resource(String tenant, String fleet, String deviceId, String deviceType, String agentVersion,
                       Tags tags) {

    public static final Resource EMPTY = new Resource("", "", "", "", "", Tags.EMPTY);

    public Resource {
        tenant = nullToEmpty(tenant);
        fleet = nullToEmpty(fleet);
        deviceId = nullToEmpty(deviceId);
        deviceType = nullToEmpty(deviceType);
        agentVersion = nullToEmpty(agentVersion);
        tags = tags == null ? Tags.EMPTY : tags;
    }

    public static Resource device(String deviceId, String deviceType, String agentVersion) {
        return new Resource("", "", deviceId, deviceType, agentVersion, Tags.EMPTY);
    }

    public Resource withTenantAndFleet(String tenant, String fleet) {
        return new Resource(tenant, fleet, deviceId, deviceType, agentVersion, tags);
    }

    public Resource withTags(Tags tags) {
        return new Resource(tenant, fleet, deviceId, deviceType, agentVersion, tags);
    }

    static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
