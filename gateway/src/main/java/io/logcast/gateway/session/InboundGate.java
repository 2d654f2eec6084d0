package io.logcast.gateway.session;

import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.metrics.LimitKind;
import io.logcast.gateway.metrics.LimitRecorder;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.protocol.ErrorCode;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.ws.TokenBucket;
import java.util.ArrayDeque;

/**
 * What a connection lets in: every object passes the inbound rate and the size limit when it
 * arrives, also before the welcome; those sent before it are held (a bounded few) and handled right
 * after it. Refusals are counted and answered here.
 */
final class InboundGate {
  /** Objects a client may send before its welcome arrives; they are handled right after it. */
  private static final int MAX_EARLY_OBJECTS = 64;

  private final Connection connection;
  private final LimitsConfig limits;
  private final LimitRecorder recorder;
  private final TokenBucket rate;
  private final ArrayDeque<String> early = new ArrayDeque<>();
  /** Objects dropped in a row by the inbound limit. */
  private int dropped;

  InboundGate(Connection connection, LimitsConfig limits, LimitRecorder recorder) {
    this.connection = connection;
    this.limits = limits;
    this.recorder = recorder;
    this.rate = new TokenBucket(limits.inboundPerSecond(), limits.inboundBurst());
  }

  /** Before welcome: keeps the object for {@link #next}, or closes (4008) past the bound. */
  void hold(String text) {
    if (early.size() >= MAX_EARLY_OBJECTS) {
      recorder.rejected(LimitKind.RATE, connection.principal(), connection.remote());
      connection.close(CloseCode.RATE_LIMITED, "too many objects before welcome");
    } else {
      early.add(text);
    }
  }

  /** The next object held before welcome, or null. */
  String next() {
    return early.poll();
  }

  /** True if the object may be handled; otherwise it is dropped, answered or the connection closed. */
  boolean admit(String text) {
    if (!rate.tryTake()) {
      rateLimited();
      return false;
    }
    dropped = 0;
    int max = limits.maxMessageBytes();
    if (text.length() > max || (text.length() * 3L > max && Utf8.length(text) > max)) {
      recorder.rejected(LimitKind.MESSAGE_SIZE, connection.principal(), connection.remote());
      connection.close(CloseCode.TOO_BIG, "message larger than " + max + " bytes");
      return false;
    }
    return true;
  }

  /**
   * Over the inbound rate: the object is dropped. The first drop of a run answers rate_limited (one
   * error, not one per object, so a flood cannot make the server write a flood); a run longer
   * than the burst closes with 4008.
   */
  private void rateLimited() {
    dropped++;
    recorder.rejected(LimitKind.RATE, connection.principal(), connection.remote());
    if (dropped == 1) {
      connection.sendError(null, new ProtocolError(ErrorCode.RATE_LIMITED,
          "more than " + limits.inboundPerSecond() + " objects per second: slow down"));
    } else if (dropped > limits.inboundBurst()) {
      connection.close(CloseCode.RATE_LIMITED, "inbound rate limit");
    }
  }
}
