package io.logcast.gateway.metrics;

import io.logcast.gateway.protocol.CloseCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code logcast_connections_closed_total{code, by}}. A peer may close with any code, so only the
 * codes of {@link CloseCode} (the protocol's, and 1005/1006 for no status / no close frame) are tag
 * values; the rest count as {@code other}. Counters are resolved up front: closing looks one up, it
 * never builds one.
 */
public final class CloseMeters {
  private static final CloseCode[] CODES = CloseCode.values();

  private final Counter[] byServer = new Counter[CODES.length + 1];
  private final Counter[] byClient = new Counter[CODES.length + 1];

  public CloseMeters(MeterRegistry registry) {
    for (int i = 0; i <= CODES.length; i++) {
      String code = i < CODES.length ? Integer.toString(CODES[i].code()) : "other";
      byServer[i] = counter(registry, code, "server");
      byClient[i] = counter(registry, code, "client");
    }
  }

  private static Counter counter(MeterRegistry registry, String code, String by) {
    return Counter.builder("logcast.connections.closed").tag("code", code).tag("by", by)
        .description("WebSocket connections closed, by close code and by which side closed first")
        .register(registry);
  }

  /** @param server true if the gateway sent the close (its code), false if the peer did or the socket dropped */
  public void closed(int code, boolean server) {
    (server ? byServer : byClient)[index(code)].increment();
  }

  /** The counter slot of {@code code}: its {@link CloseCode}'s, or the last one ({@code other}). */
  static int index(int code) {
    for (int i = 0; i < CODES.length; i++) {
      if (CODES[i].code() == code) {
        return i;
      }
    }
    return CODES.length;
  }
}
