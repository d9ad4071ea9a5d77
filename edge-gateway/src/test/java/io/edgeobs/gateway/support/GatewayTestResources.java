package io.edgeobs.gateway.support;

import io.edgeobs.testsupport.kafka.KafkaResource;
import io.edgeobs.testsupport.registry.SchemaRegistryResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * The one set of real infrastructure every {@code @QuarkusTest} of the gateway shares (global scope, so Quarkus
 * starts once): an embedded Kafka broker with the edgeobs topics, the packaged schema registry and a fresh data directory.
 */
@WithTestResource(value = KafkaResource.class, scope = TestResourceScope.GLOBAL, initArgs = @ResourceArg(name = "topics",
        value = "edgeobs.metrics:3,edgeobs.spans:3,edgeobs.logs:3"))
@WithTestResource(value = SchemaRegistryResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "property", value = "edgeobs.gateway.schema-registry.url"))
@WithTestResource(value = DataDirResource.class, scope = TestResourceScope.GLOBAL)
public final class GatewayTestResources {

    private GatewayTestResources() {
    }
}
