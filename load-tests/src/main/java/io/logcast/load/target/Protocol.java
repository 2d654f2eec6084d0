package io.logcast.load.target;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;

/** How a load client opens a subscription on one target, in that target's own protocol. */
public interface Protocol {
  /** Where to connect to receive {@code topic} (some peers put the channel in the path). */
  WebSocketConnectOptions connectOptions(String topic);

  /** Frames sent right after the upgrade (hello + subscribe, CONNECT + SUB, ...). */
  List<String> openingFrames(String topic);

  /** The same for the records of one key of the topic; only Logcast's protocol has keyed subscriptions. */
  default List<String> openingFrames(String topic, String key) {
    if (key != null) {
      throw new UnsupportedOperationException("keyed subscriptions: --target logcast only");
    }
    return openingFrames(topic);
  }

  /** Whether this received frame confirms the subscription (a frame after it carries live data). */
  boolean confirmsSubscription(Buffer frame);

  /** True where the upgrade itself subscribes and no confirming frame comes (Nchan). */
  default boolean subscribedOnOpen() {
    return false;
  }

  /** A frame to answer with, or null; e.g. Socket.IO's open → connect → sub, NATS PING → PONG. */
  default String reply(Buffer frame, String topic) {
    return null;
  }
}
