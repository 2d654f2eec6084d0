package io.logcast.gateway.history;

import io.logcast.gateway.auth.Principal;
import io.logcast.gateway.catchup.Replay;
import io.logcast.gateway.config.HistoryConfig;
import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.log.TopicCatalog;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.metrics.LimitKind;
import io.logcast.gateway.metrics.LimitRecorder;
import io.logcast.gateway.protocol.ProtocolError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.OffsetSpec;

/**
 * History pages: the same checks as a subscribe (allow-list, the token's {@code subscribe} claim,
 * the topic readable by the gateway), then the page's bounds from the log, then the read.
 */
public final class HistoryService {
  private final Replay replay;
  private final TopicCatalog catalog;
  private final TopicPatterns allowed;
  private final HistoryConfig config;
  private final LimitRecorder limits;
  private final AtomicInteger inFlight = new AtomicInteger();

  public HistoryService(Replay replay, TopicCatalog catalog, TopicPatterns allowed, HistoryConfig config,
      LimitRecorder limits) {
    this.replay = replay;
    this.catalog = catalog;
    this.allowed = allowed;
    this.config = config;
    this.limits = limits;
  }

  public HistoryConfig config() {
    return config;
  }

  /** The page's body; fails with a {@code ProtocolException} for anything the caller should be told. */
  public Future<Buffer> page(Principal principal, HistoryRequest request, Context ctx) {
    if (!allowed.allows(request.topic())) {
      return Future.failedFuture(ProtocolError.forbidden("topic '" + request.topic() + "' is not exposed").exception());
    }
    if (!principal.maySubscribe(request.topic(), request.key())) {
      return Future.failedFuture(ProtocolError.forbidden("the token does not allow reading topic '" + request.topic()
          + "'" + (request.key() == null ? "" : " key '" + request.key() + "'")).exception());
    }
    if (inFlight.incrementAndGet() > config.maxConcurrent()) {
      inFlight.decrementAndGet();
      limits.rejected(LimitKind.HISTORY_CONCURRENCY, principal.subject(), null);
      return Future.failedFuture(ProtocolError.unavailable("more than " + config.maxConcurrent()
          + " history pages are being read on this instance; retry shortly").exception());
    }
    return catalog.describeReadable(request.topic(), ctx)
        .compose(info -> bounds(info, request, ctx)
            .compose(bounds -> new HistoryQuery(replay, config, ctx, info, request, bounds).run()))
        .map(HistoryPage::toBuffer)
        .andThen(done -> inFlight.decrementAndGet());
  }

  private Future<HistoryQuery.Bounds> bounds(TopicInfo info, HistoryRequest request, Context ctx) {
    HistoryCursor cursor = request.cursor();
    if (cursor != null) {
      if (!cursor.epoch().equals(info.epoch())) {
        return Future.failedFuture(new EpochChanged());
      }
      if (cursor.offsets().length > info.partitions()) {
        return Future.failedFuture(ProtocolError.badRequest("the cursor names partition "
            + (cursor.offsets().length - 1) + " but the topic has " + info.partitions()).exception());
      }
    }
    // the ends first: what a time look-up finds nothing for starts at the end seen before it
    Future<long[]> earliest = catalog.offsets(info, OffsetSpec.earliest(), ctx);
    Future<long[]> latest = catalog.offsets(info, OffsetSpec.latest(), ctx);
    return Future.all(earliest, latest).compose(all -> {
      long[] floors = earliest.result();
      long[] ends = latest.result();
      return switch (request.from()) {
        case EARLIEST -> Future.succeededFuture(bounds(floors, floors, ends));
        case LATEST -> Future.succeededFuture(bounds(ends, floors, ends));
        case TIME -> catalog.offsets(info, OffsetSpec.forTimestamp(request.timeMs()), ctx)
            .map(byTime -> bounds(atTime(byTime, ends), floors, ends));
        case CURSOR -> Future.succeededFuture(fromCursor(cursor, request.forward(), floors, ends));
      };
    });
  }

  private static HistoryQuery.Bounds bounds(long[] starts, long[] floors, long[] ends) {
    return new HistoryQuery.Bounds(starts, floors, ends, List.of());
  }

  /** Per partition, the first offset at or after the time, else the end. */
  private static long[] atTime(long[] byTime, long[] ends) {
    long[] starts = new long[ends.length];
    for (int p = 0; p < starts.length; p++) {
      starts[p] = byTime[p] >= 0 ? byTime[p] : ends[p];
    }
    return starts;
  }

  /**
   * Forward, a partition the cursor does not name (added to the topic since) starts at its log
   * start, as for a subscription. Backward, it is not part of the walk: its records came after the
   * first page's position. A backward cursor's floor below today's log start was deleted meanwhile:
   * a gap.
   */
  private static HistoryQuery.Bounds fromCursor(HistoryCursor cursor, boolean forward, long[] floors, long[] ends) {
    long[] starts = new long[floors.length];
    List<long[]> gaps = new ArrayList<>();
    for (int p = 0; p < starts.length; p++) {
      boolean named = p < cursor.offsets().length;
      starts[p] = named ? cursor.offsets()[p] : floors[p];
      if (!forward && named) {
        long gone = Math.min(floors[p], starts[p]);
        if (cursor.floors()[p] < gone) {
          gaps.add(new long[] {p, cursor.floors()[p], gone});
        }
      }
    }
    return new HistoryQuery.Bounds(starts, floors, ends, gaps);
  }

  /** A cursor of a topic since deleted and re-created: its positions mean nothing any more. */
  public static final class EpochChanged extends io.logcast.gateway.protocol.ProtocolException {
    EpochChanged() {
      super(ProtocolError.badRequest("the topic was deleted and re-created since this cursor was issued; "
          + "start again without it"));
    }
  }
}
