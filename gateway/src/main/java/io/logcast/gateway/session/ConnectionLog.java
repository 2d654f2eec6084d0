package io.logcast.gateway.session;

import io.logcast.gateway.metrics.CloseMeters;
import io.logcast.gateway.protocol.CloseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connect and close lines, on one logger ({@code io.logcast.connections}) so operators can turn
 * them up on their own. DEBUG, closes with policy codes (4xxx) included: at 10,000 clients, or in a
 * storm of bad tokens or slow clients, one line per connection would flood the logs, and the counts
 * are in {@link CloseMeters} and the throttled auth and limit lines. Never a token nor a message body.
 */
final class ConnectionLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.logcast.connections");

  private ConnectionLog() {}

  static void opened(String principal, String remote, boolean resumed) {
    LOG.atDebug().setMessage("connection opened")
        .addKeyValue("event", "connect")
        .addKeyValue("principal", principal)
        .addKeyValue("remote", remote)
        .addKeyValue("resumed", resumed)
        .log();
  }

  /**
   * Counts the close by code and by side, and logs it. {@code serverCode}: the code this side
   * closed with (0: the peer closed); {@code peerCode}: the peer's close frame's code (0: none).
   */
  static void closed(CloseMeters meters, int serverCode, int peerCode, String principal, String remote,
      long durationMs) {
    boolean byServer = serverCode != 0;
    int code = byServer ? serverCode : peerCode == 0 ? CloseCode.ABNORMAL.code() : peerCode;
    meters.closed(code, byServer);
    LOG.atDebug().setMessage("connection closed")
        .addKeyValue("event", "close")
        .addKeyValue("principal", principal)
        .addKeyValue("remote", remote)
        .addKeyValue("code", code)
        .addKeyValue("by", byServer ? "server" : "client")
        .addKeyValue("durationMs", durationMs)
        .log();
  }
}
