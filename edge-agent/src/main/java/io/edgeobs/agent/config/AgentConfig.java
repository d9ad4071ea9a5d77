package io.edgeobs.agent.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the edge-agent, under {@code edgeobs.agent.*}. Every property has a documented default. */
@ConfigMapping(prefix = "edgeobs.agent")
public interface AgentConfig {

    /** Identity of this device in the fleet; defaults to the host name. */
    @WithDefault("${HOSTNAME:local-device}")
    String deviceId();

    /** Device type, used to pick sampling and rate-limit policy. */
    @WithDefault("generic")
    String deviceType();

    /** Directory of the durable on-disk log and checkpoints. */
    @WithDefault("data/agent")
    String dataDir();
}
