package io.edgeobs.agent.http;

import io.vertx.core.Vertx;

import java.time.Duration;

/** The agent's HTTP client for tests that run exporters and scrapers outside Quarkus: one Vert.x for all of them. */
public final class TestHttp {

    private static final Vertx VERTX = Vertx.vertx();

    private TestHttp() {
    }

    public static BlockingHttp client() {
        return new BlockingHttp(VERTX, 4, Duration.ofSeconds(5));
    }
}
