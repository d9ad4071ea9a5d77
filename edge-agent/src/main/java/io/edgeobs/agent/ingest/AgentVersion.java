package io.edgeobs.agent.ingest;

/** The agent's version, written into every batch's resource. */
public final class AgentVersion {

    public static final String VERSION = AgentVersion.class.getPackage().getImplementationVersion() != null
            ? AgentVersion.class.getPackage().getImplementationVersion() : "0.1.0-SNAPSHOT";

    private AgentVersion() {
    }
}
