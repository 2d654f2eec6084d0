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

  /**
   * Where the client of {@code key} (null: the whole topic) connects and subscribes. A peer has no
   * keys, so each key is a channel of its own, {@code topic_key} (a NATS subject, an Nchan channel, a
   * Socket.IO room); Logcast keeps the topic and subscribes to the key inside it.
   */
  default String channel(String topic, String key) {
    return key == null ? topic : topic + "_" + key;
  }

  /** The opening frames on {@code channel} (from {@link #channel}); only Logcast's name the key. */
  default List<String> openingFrames(String channel, String key) {
    return openingFrames(channel);
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
