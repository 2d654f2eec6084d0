package io.logcast.session;

import java.util.function.Consumer;

/**
 * Small fire-and-forget messages to every gateway instance (this one included): session takeovers,
 * admin disconnects. Delivery is best effort; what must not be lost lives in the session store.
 */
public interface ClusterBus extends AutoCloseable {
  void publish(String channel, String message);

  /** Listeners run on a bus thread: hop to your own context before touching state. */
  void subscribe(String channel, Consumer<String> listener);

  @Override
  default void close() {}
}
