package io.logcast.gateway.core;

import io.logcast.gateway.protocol.From;
import io.logcast.gateway.protocol.Position;
import io.logcast.gateway.protocol.ProtocolError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;

/** Resolves a subscription's {@code from} into a cursor per partition. */
final class StartPositions {
  private final TopicCatalog catalog;

  StartPositions(TopicCatalog catalog) {
    this.catalog = catalog;
  }

  /** {@code live}: the shard's live positions for the topic, or null if it is not live there. */
  Future<Start> resolve(From from, TopicInfo info, long[] live, Context ctx) {
    if (from instanceof From.Latest) {
      return latest(info, live, ctx).map(c -> new Start(c, true, null));
    }
    if (from instanceof From.Earliest) {
      return catalog.offsets(info, OffsetSpec.earliest(), ctx).map(c -> new Start(c, true, null));
    }
    if (from instanceof From.AtTime t) {
      return catalog.offsets(info, OffsetSpec.forTimestamp(t.epochMs()), ctx).compose(byTime -> {
        if (java.util.Arrays.stream(byTime).noneMatch(o -> o < 0)) {
          return Future.succeededFuture(new Start(byTime, true, null));
        }
        // no record at or after that time in some partitions: they start at their end
        return catalog.offsets(info, OffsetSpec.latest(), ctx).map(end -> {
          for (int p = 0; p < byTime.length; p++) {
            if (byTime[p] < 0) {
              byTime[p] = end[p];
            }
          }
          return new Start(byTime, true, null);
        });
      });
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
    Future<long[]> earliest = catalog.offsets(info, OffsetSpec.earliest(), ctx);
    Future<long[]> latest = catalog.offsets(info, OffsetSpec.latest(), ctx);
    return Future.all(earliest, latest).map(all -> position(pos.offsets(), earliest.result(), latest.result()));
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

  private Future<long[]> latest(TopicInfo info, long[] live, Context ctx) {
    return live != null ? Future.succeededFuture(live) : catalog.offsets(info, OffsetSpec.latest(), ctx);
  }
}
