package io.logcast.gateway.session;

import io.logcast.gateway.metrics.CloseMeters;
import io.logcast.gateway.protocol.CloseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connect and close lines, on one logger ({@code io.logcast.connections}) so operators can turn
 * them down on their own. Never a token nor a message body.
 */
final class ConnectionLog {
  private static final Logger LOG = LoggerFactory.getLogger("io.logcast.connections");

  private ConnectionLog() {}

  static void opened(String principal, String remote, boolean resumed) {
    LOG.atInfo().setMessage("connection opened")
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
    LOG.atInfo().setMessage("connection closed")
        .addKeyValue("event", "close")
        .addKeyValue("principal", principal)
        .addKeyValue("remote", remote)
        .addKeyValue("code", code)
        .addKeyValue("by", byServer ? "server" : "client")
        .addKeyValue("durationMs", durationMs)
        .log();
  }
}
