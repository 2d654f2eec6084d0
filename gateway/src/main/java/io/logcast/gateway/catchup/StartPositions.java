package io.logcast.gateway.catchup;

import io.logcast.gateway.live.HubShard;
import io.logcast.gateway.log.LogBounds;
import io.logcast.gateway.log.TopicInfo;

import io.logcast.gateway.protocol.From;
import io.logcast.gateway.protocol.Position;
import io.logcast.gateway.protocol.ProtocolError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;

/** Resolves a subscription's {@code from} into a cursor per partition. */
public final class StartPositions {
  private final LogBounds bounds;

  public StartPositions(LogBounds bounds) {
    this.bounds = bounds;
  }

  /**
   * {@code live}: the shard's live positions for the topic, or null if it is not live there;
   * {@code floors}: per partition, where the shard's recent records in memory start (see
   * {@link HubShard#memoryFloors}), or null.
   */
  public Future<Start> resolve(From from, TopicInfo info, long[] live, long[] floors, Context ctx) {
    if (from instanceof From.Latest) {
      return latest(info, live, ctx).map(c -> new Start(c, true, null));
    }
    if (from instanceof From.Earliest) {
      return bounds.offsets(info, OffsetSpec.earliest(), ctx).map(c -> new Start(c, true, null));
    }
    if (from instanceof From.AtTime t) {
      // the ends first: a partition with no record at or after the time starts at the end it had
      // BEFORE the time look-up, so a record written between the two look-ups is still delivered
      return bounds.offsets(info, OffsetSpec.latest(), ctx).compose(end ->
          bounds.offsets(info, OffsetSpec.forTimestamp(t.epochMs()), ctx).map(byTime -> atTime(byTime, end)));
    }
    Position pos = ((From.At) from).position();
    // epoch first: offsets of a re-created topic mean nothing, whatever partitions they name
    if (!pos.epoch().equals(info.epoch())) {
      return latest(info, live, ctx).map(c -> new Start(c, false, "epoch"));
    }
    for (int p : pos.offsets().keySet()) {
      if (p >= info.partitions()) {
        return Future.failedFuture(ProtocolError.badRequest(
            "position names partition " + p + " but the topic has " + info.partitions()).exception());
      }
    }
    long[] inMemory = inMemory(pos.offsets(), live, floors);
    if (inMemory != null) {
      return Future.succeededFuture(new Start(inMemory, true, null));
    }
    Future<long[]> earliest = bounds.offsetsShared(info, OffsetSpec.earliest(), ctx);
    Future<long[]> latest = bounds.offsetsShared(info, OffsetSpec.latest(), ctx);
    return Future.all(earliest, latest).compose(all -> {
      if (!beyond(pos.offsets(), latest.result())) {
        return Future.succeededFuture(position(pos.offsets(), earliest.result(), latest.result()));
      }
      // a shared end may predate this request: "future" only against an end asked for now
      return bounds.offsets(info, OffsetSpec.latest(), ctx)
          .map(end -> position(pos.offsets(), earliest.result(), end));
    });
  }

  static boolean beyond(Map<Integer, Long> offsets, long[] latest) {
    for (var e : offsets.entrySet()) {
      if (e.getValue() > latest[e.getKey()]) {
        return true;
      }
    }
    return false;
  }

  /** Per partition, the first offset at or after the time, else the end taken before the look-up. */
  static Start atTime(long[] byTime, long[] endBefore) {
    long[] cursors = new long[byTime.length];
    for (int p = 0; p < cursors.length; p++) {
      cursors[p] = byTime[p] >= 0 ? byTime[p] : endBefore[p];
    }
    return new Start(cursors, true, null);
  }

  /**
   * Per partition: the client's offset; a partition it did not name starts at the log start (never
   * skip); below the log start the range is reported as a gap; beyond the end it starts at the end.
   */
  static Start position(Map<Integer, Long> offsets, long[] earliest, long[] latest) {
    long[] cursors = new long[earliest.length];
    String reason = null;
    for (int p = 0; p < cursors.length; p++) {
      long o = offsets.getOrDefault(p, earliest[p]);
      if (o > latest[p]) {
        reason = "future";
        o = latest[p];
      } else if (o < earliest[p] && reason == null) {
        reason = "retention";
      }
      cursors[p] = o;
    }
    return new Start(cursors, reason == null, reason);
  }

  /**
   * The cursors of a position the shard holds in memory, or null. Every partition named, each
   * between its memory floor and its live position: the records exist and none lies in the
   * future, so the log's bounds need no look-up. A failover resume is this case, and then costs
   * no Kafka request (a storm of them used to cost two each).
   */
  static long[] inMemory(Map<Integer, Long> offsets, long[] live, long[] floors) {
    if (live == null || floors == null || floors.length != live.length || offsets.size() != live.length) {
      return null;
    }
    long[] cursors = new long[live.length];
    for (int p = 0; p < live.length; p++) {
      Long o = offsets.get(p);
      if (o == null || floors[p] < 0 || o < floors[p] || o > live[p]) {
        return null;
      }
      cursors[p] = o;
    }
    return cursors;
  }

  private Future<long[]> latest(TopicInfo info, long[] live, Context ctx) {
    return live != null ? Future.succeededFuture(live) : bounds.offsetsShared(info, OffsetSpec.latest(), ctx);
  }
}
