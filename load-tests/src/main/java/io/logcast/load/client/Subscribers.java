package io.logcast.load.client;

import io.logcast.load.measure.Latencies;
import io.logcast.load.target.Protocol;
import java.time.Duration;

/** A fleet of subscribing clients as a run drives it, whatever their transport (WebSocket, SSE). */
public interface Subscribers {
  /**
   * Opens {@code n} clients of {@code topic} at {@code perSecond}, the first {@code stalled} of them
   * stalled once subscribed; returns how many subscribed, when all did or failed, or at the timeout.
   * {@code protocol} is how a WebSocket client subscribes (a stream's subscription is its URL).
   */
  int connect(Protocol protocol, String topic, int n, int stalled, double perSecond, Latencies latencies,
      Duration timeout) throws InterruptedException;

  int size();

  /** Counters of the fast clients against {@code published} messages (each should have all of them). */
  ClientFleet.Totals totals(long published);

  /** Closes every client and waits a little for the closes to go out. */
  void closeClients() throws InterruptedException;
}
