package io.logcast.gateway.sse;

import io.logcast.gateway.catchup.Start;
import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.live.HubShard;
import io.logcast.gateway.live.Lag;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.protocol.Frames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One event stream: a {@link Client} fed by its event loop's shard like a WebSocket connection's,
 * written by an {@link SseTransport}. It starts with one {@code subscribed} per subscription, in
 * order, each before its first message; it ends when the client goes away or the server closes it
 * (a {@code close} event first). Lives on its shard's event loop.
 */
final class SseStream {
  private final HubShard shard;
  private final SseTransport transport;
  private final Client client;
  private final SseStreams streams;
  private final GatewayMetrics metrics;
  private final List<Subscription> subscriptions = new ArrayList<>();
  private long expiryTimer = -1;
  private boolean ended;

  SseStream(HubShard shard, SseTransport transport, SseStreams streams, GatewayMetrics metrics) {
    this.shard = shard;
    this.transport = transport;
    this.streams = streams;
    this.metrics = metrics;
    this.client = new Client(transport, shard);
    client.closer(this::close);
  }

  /** Announces and registers each subscription, in the request's order. */
  void open(List<StreamRequest.Sub> subs, List<TopicInfo> infos, List<Start> starts) {
    streams.add(this);
    metrics.opened().increment();
    for (int i = 0; i < subs.size(); i++) {
      StreamRequest.Sub s = subs.get(i);
      TopicInfo info = infos.get(i);
      Start start = starts.get(i);
      client.send(Frames.subscribed(null, info.name(), s.key(), info.epoch(), start.recovered(), start.reason(),
          offsets(start.cursors())));
      subscriptions.add(shard.register(client, info, s.key(), start.cursors()));
    }
  }

  /** The token's end: the stream closes 4010 at {@code atMs} (its expiry plus the allowed skew). */
  void expiresAt(long atMs) {
    long delay = Math.max(1, atMs - System.currentTimeMillis());
    expiryTimer = shard.context().owner().setTimer(delay, t -> close(CloseCode.TOKEN_EXPIRED, "token expired"));
  }

  void ping() {
    transport.ping();
  }

  /** Behind the live stream past the limits: 4009, the client reconnects with its position. */
  void checkLag(long nowMs, LimitsConfig limits) {
    long since = client.behindSinceMs();
    if (since != 0 && !ended && Lag.tooFar(client, shard, since, nowMs, limits)) {
      metrics.tooSlow().increment();
      close(CloseCode.TOO_SLOW, "too slow to keep up: reconnect with Last-Event-ID to continue from the log");
    }
  }

  /** The server ends the stream: a {@code close} event, then the end of the response. */
  void close(CloseCode code, String reason) {
    if (ended) {
      return;
    }
    metrics.closes().closed(code.code(), true);
    transport.close(code, reason);
    ended();
  }

  /** The response is over (closed by either side): the subscriptions leave the shard. */
  void ended() {
    if (ended) {
      return;
    }
    ended = true;
    transport.markClosed();
    subscriptions.forEach(shard::unregister);
    subscriptions.clear();
    if (expiryTimer >= 0) {
      shard.context().owner().cancelTimer(expiryTimer);
    }
    streams.remove(this);
  }

  /** The client went away: counted as a WebSocket client's close without a close frame would be. */
  void peerClosed() {
    if (!ended) {
      metrics.closes().closed(CloseCode.GOING_AWAY.code(), false);
      ended();
    }
  }

  private static Map<Integer, Long> offsets(long[] cursors) {
    Map<Integer, Long> m = new TreeMap<>();
    for (int p = 0; p < cursors.length; p++) {
      m.put(p, cursors[p]);
    }
    return m;
  }
}
