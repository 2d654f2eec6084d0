package io.logcast.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code logcast_connections_closed_total{code, by}}. A peer may close with any code, so only the
 * codes of the protocol (and 1005/1006 for no status / no close frame) are tag values; the rest
 * count as {@code other}. Counters are resolved up front: closing looks one up, it never builds one.
 */
public final class CloseMeters {
  /** Codes of docs/protocol.md, plus 1005 (close frame without a status) and 1006 (no close frame). */
  static final short[] CODES = {1000, 1001, 1003, 1005, 1006, 1008, 1009, 1011, 1012, 1013,
      4000, 4001, 4003, 4008, 4009, 4010, 4011, 4012};
  public static final short NO_STATUS = 1005;
  public static final short ABNORMAL = 1006;

  private final Counter[] byServer = new Counter[CODES.length + 1];
  private final Counter[] byClient = new Counter[CODES.length + 1];

  public CloseMeters(MeterRegistry registry) {
    for (int i = 0; i <= CODES.length; i++) {
      String code = i < CODES.length ? Short.toString(CODES[i]) : "other";
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

  static int index(int code) {
    for (int i = 0; i < CODES.length; i++) {
      if (CODES[i] == code) {
        return i;
      }
    }
    return CODES.length;
  }
}
