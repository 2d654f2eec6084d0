package io.logcast.gateway.admin;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.function.Supplier;

/**
 * What the admin view needs from the node that lies above this package: the meters, the last
 * readiness check (the management port's, so the page never adds Kafka probes), and the drain
 * that SIGTERM runs.
 *
 * @param readiness the body of the last {@code /health/ready} check
 * @param drain starts draining this instance; completes when its connections are closed
 */
public record NodeHooks(MeterRegistry registry, Supplier<JsonObject> readiness, Supplier<Future<Void>> drain) {}
