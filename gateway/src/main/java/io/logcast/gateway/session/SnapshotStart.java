package io.logcast.gateway.session;

import io.logcast.gateway.catchup.Start;
import io.logcast.gateway.catchup.StartPositions;
import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.live.HubShard;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.protocol.Frames;
import io.logcast.gateway.protocol.From;
import io.logcast.gateway.protocol.Position;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.snapshot.Entry;
import io.logcast.gateway.snapshot.Snapshot;
import io.logcast.gateway.snapshot.Views;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where a subscription starts. From {@code "snapshot"}: the view's cut is the start, and before the
 * subscription joins the stream its {@code subscribed}, the latest record of every key (marked
 * {@code "snapshot":true}) and a closing {@code snapshot} object go out, in slices as the socket
 * takes them, so a large snapshot never piles up past the connection's outbound limit.
 */
final class SnapshotStart {
  /** Bytes of records queued per slice; the next slice waits until the socket has room. */
  static final int SLICE_BYTES = 256 * 1024;
  static final long DRAIN_CHECK_MS = 10;
  private static final byte[] MARK = ",\"snapshot\":true}".getBytes(StandardCharsets.UTF_8);

  /** A start, and whether its {@code subscribed} went out already (before a snapshot). */
  record Begin(Start start, boolean announced) {}

  private final Connection client;
  private final Client out;
  private final StartPositions starts;
  private final Views views;
  private final long maxWaitMs;

  SnapshotStart(Connection client, Client out, StartPositions starts, Views views, long maxWaitMs) {
    this.client = client;
    this.out = out;
    this.starts = starts;
    this.views = views;
    this.maxWaitMs = maxWaitMs;
  }

  Future<Begin> begin(Long id, From from, TopicInfo info, String key, HubShard shard) {
    if (!(from instanceof From.Snapshot)) {
      return starts.resolve(from, info, shard.livePositions(info.name()), shard.memoryFloors(info.name()),
          shard.context()).map(s -> new Begin(s, false));
    }
    if (views == null) {
      return Future.failedFuture(ProtocolError.badRequest("snapshots are not enabled on this gateway").exception());
    }
    return views.snapshot(info, key, shard.context()).compose(snap -> {
      Start start = new Start(snap.positions(), true, null);
      client.send(Frames.subscribed(id, info.name(), key, info.epoch(), true, null, Position.offsets(snap.positions())));
      Promise<Begin> sent = Promise.promise();
      slice(snap.entries(), 0, System.currentTimeMillis(), shard, () -> {
        JsonObject done = new JsonObject().put("type", "snapshot").put("topic", info.name());
        if (key != null) {
          done.put("key", key);
        }
        out.enqueue(done.put("count", snap.entries().size()).put("offsets",
            Position.offsetsJson(Position.offsets(snap.positions()))).toBuffer().getBytes());
        sent.complete(new Begin(start, true));
      }, sent);
      return sent.future();
    });
  }

  private void slice(List<Entry> entries, int from, long waitingSinceMs, HubShard shard, Runnable done,
      Promise<Begin> sent) {
    if (client.isClosed()) {
      sent.tryFail(ProtocolError.unavailable("the connection closed during the snapshot").exception());
      return;
    }
    if (out.congested()) {
      if (System.currentTimeMillis() - waitingSinceMs > maxWaitMs) {
        client.close(CloseCode.TOO_SLOW, "too slow to take the snapshot");
        sent.tryFail(ProtocolError.unavailable("too slow to take the snapshot").exception());
      } else {
        shard.context().owner().setTimer(DRAIN_CHECK_MS, t -> slice(entries, from, waitingSinceMs, shard, done, sent));
      }
      return;
    }
    int i = from;
    for (int bytes = 0; i < entries.size() && bytes < SLICE_BYTES; i++) {
      byte[] marked = marked(entries.get(i).record().frame());
      out.enqueue(marked);
      bytes += marked.length;
    }
    out.flush();
    if (i < entries.size()) {
      int next = i;
      shard.context().runOnContext(v -> slice(entries, next, System.currentTimeMillis(), shard, done, sent));
    } else {
      done.run();
    }
  }

  /** The record's message object with {@code "snapshot":true} before its closing brace. */
  static byte[] marked(byte[] frame) {
    byte[] out = new byte[frame.length - 1 + MARK.length];
    System.arraycopy(frame, 0, out, 0, frame.length - 1);
    System.arraycopy(MARK, 0, out, frame.length - 1, MARK.length);
    return out;
  }
}
