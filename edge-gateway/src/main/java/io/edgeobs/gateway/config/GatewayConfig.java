package io.edgeobs.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Configuration of the edge-gateway, under {@code edgeobs.gateway.*}. Every property has a documented default. */
@ConfigMapping(prefix = "edgeobs.gateway")
public interface GatewayConfig {

    /** Identity of this gateway, written into every batch's envelope. */
    @WithDefault("${HOSTNAME:gateway-1}")
    String gatewayId();

    /** Region this gateway serves, written into every batch's envelope. */
    @WithDefault("local")
    String region();

    /** Directory of the gateway's durable store-and-forward log. */
    @WithDefault("data/gateway")
    String dataDir();
}
