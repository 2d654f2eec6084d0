package io.logcast.gateway.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The gateway's own meters (prefixed logcast_, base units). Hot-path counts are added once per
 * batch or frame, never per message per client.
 */
public final class GatewayMetrics {
  final Counter delivered;
  final Counter frames;
  final Counter bytes;
  final Counter demoted;
  final Counter tooSlow;

  public GatewayMetrics(MeterRegistry registry) {
    delivered = Counter.builder("logcast.messages.delivered")
        .description("Messages written to clients (one per client per message)").register(registry);
    frames = Counter.builder("logcast.frames.written")
        .description("WebSocket text frames written (several messages coalesce into one)").register(registry);
    bytes = Counter.builder("logcast.bytes.written").baseUnit("bytes")
        .description("Payload bytes of frames written").register(registry);
    demoted = Counter.builder("logcast.clients.demoted")
        .description("Times a client's full socket moved its subscriptions from live to catch-up").register(registry);
    tooSlow = Counter.builder("logcast.clients.closed.slow")
        .description("Clients closed with 4009: behind the live stream longer than limits.maxBehindMs").register(registry);
  }
}
