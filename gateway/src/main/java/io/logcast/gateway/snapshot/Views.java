package io.logcast.gateway.snapshot;

import io.logcast.gateway.config.SnapshotConfig;
import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.log.Consumers;
import io.logcast.gateway.log.TopicCatalog;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.protocol.ErrorCode;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.protocol.ProtocolException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.OffsetSpec;

/**
 * The snapshot views of this instance, shared by all its clients: one {@link KeyView} and one
 * {@link ViewReader} per topic (and topic id: a re-created topic gets a new view) that someone
 * asked a snapshot of, at most {@code snapshot.maxTopics} of them, each dropped when nobody asked
 * for it during {@code snapshot.idleMs}. A snapshot is answered only once its view has applied the
 * log up to the end offsets read after the request, so it is never older than the request.
 */
public final class Views implements AutoCloseable {
  /** A snapshot whose view has not caught up within this long fails {@code unavailable}. */
  static final long CATCH_UP_TIMEOUT_MS = 30_000;
  /** Requests waiting for one view to catch up; beyond, {@code unavailable}. */
  static final int MAX_WAITING_PER_VIEW = 10_000;
  /** A view over its byte bound answers at once with its error for this long, then is read again. */
  static final long TOO_LARGE_KEEP_MS = 60_000;
  /** A view that failed otherwise (log truncated under it, reader error) is rebuilt after this long. */
  static final long FAILED_KEEP_MS = 5_000;
  /** How often idle and failed views are looked for, at most. */
  static final long MAX_SWEEP_MS = 30_000;

  private static final class Held {
    final KeyView view;
    final ViewReader reader;
    volatile long askedMs;
    volatile long failedSeenMs;

    Held(KeyView view, ViewReader reader, long nowMs) {
      this.view = view;
      this.reader = reader;
      this.askedMs = nowMs;
    }
  }

  private final SnapshotConfig config;
  private final TopicPatterns patterns;
  private final TopicCatalog catalog;
  private final CompactedTopics compacted;
  private final Consumers consumers;
  private final String nodeId;
  private final Vertx vertx;
  private final SnapshotMeters meters;
  private final Map<String, Held> views = new ConcurrentHashMap<>();
  private final long sweepTimer;
  private int created;

  public Views(SnapshotConfig config, TopicCatalog catalog, Consumers consumers, String nodeId, Vertx vertx,
      SnapshotMeters meters) {
    this.config = config;
    this.patterns = new TopicPatterns(config.topics());
    this.catalog = catalog;
    this.compacted = new CompactedTopics(catalog.admin());
    this.consumers = consumers;
    this.nodeId = nodeId;
    this.vertx = vertx;
    this.meters = meters;
    meters.gauges(() -> views.size(), () -> views.values().stream().mapToLong(h -> h.view.bytes()).sum(),
        () -> views.values().stream().mapToLong(h -> h.view.keys()).sum());
    this.sweepTimer = vertx.setPeriodic(Math.max(1_000, Math.min(config.idleMs() / 4, MAX_SWEEP_MS)),
        id -> sweep(System.currentTimeMillis()));
  }

  /**
   * The latest record of every key of {@code info}'s topic (of {@code key} only, when not null), on
   * {@code ctx}, once the view has caught up with the log's end as of this request. Fails with a
   * {@link ProtocolException}: {@code forbidden} (not in snapshot.topics), {@code bad_request} (not
   * compacted), {@code unavailable} (too many views, catching up too long), {@code limit_exceeded}
   * (the view is over snapshot.maxBytesPerTopic).
   */
  public Future<Snapshot> snapshot(TopicInfo info, String key, Context ctx) {
    Future<Snapshot> f;
    if (!patterns.allows(info.name())) {
      f = Future.failedFuture(ProtocolError.forbidden("snapshots are not enabled for topic '" + info.name() + "'")
          .exception());
    } else {
      f = compacted.compacted(info.name(), ctx).compose(yes -> yes ? caughtUp(info, key, ctx)
          : Future.failedFuture(ProtocolError.badRequest("a snapshot needs a compacted topic (cleanup.policy=compact)")
              .exception()));
    }
    return f.onComplete(done -> {
      if (done.succeeded()) {
        meters.succeeded();
      } else {
        meters.failed(done.cause() instanceof ProtocolException pe ? pe.error().code() : ErrorCode.INTERNAL);
      }
    });
  }

  private Future<Snapshot> caughtUp(TopicInfo info, String key, Context ctx) {
    Held held;
    try {
      held = held(info, System.currentTimeMillis());
    } catch (ProtocolException e) {
      return Future.failedFuture(e);
    }
    ProtocolError failure = held.view.failure();
    if (failure != null) {
      return Future.failedFuture(failure.exception());
    }
    // the ends are read after the request arrived: the snapshot covers at least everything before it
    return catalog.offsets(info, OffsetSpec.latest(), ctx).compose(ends -> {
      if (held.view.waiting() >= MAX_WAITING_PER_VIEW) {
        return Future.failedFuture(ProtocolError.unavailable("too many snapshots of topic '" + info.name()
            + "' are waiting, retry later").exception());
      }
      CompletableFuture<Snapshot> result = held.view.when(ends, key);
      if (!result.isDone()) {
        long timer = ctx.owner().setTimer(CATCH_UP_TIMEOUT_MS, id -> {
          held.view.forget(result);
          result.completeExceptionally(ProtocolError.unavailable("the snapshot of topic '" + info.name()
              + "' is not ready yet, retry later").exception());
        });
        result.whenComplete((s, t) -> ctx.owner().cancelTimer(timer));
      }
      return Future.fromCompletionStage(result, ctx);
    });
  }

  /** The view of the topic, made if needed; replaces a failed one whose keep time is over. */
  private synchronized Held held(TopicInfo info, long nowMs) {
    String id = info.name() + "/" + info.epoch();
    Held h = views.get(id);
    if (h != null && h.view.failure() != null && expired(h, nowMs)) {
      views.remove(id, h);
      h = null;
    }
    if (h == null) {
      long active = views.values().stream().filter(v -> v.view.failure() == null).count();
      if (active >= config.maxTopics()) {
        throw ProtocolError.unavailable("this instance holds as many snapshot views as it may (snapshot.maxTopics="
            + config.maxTopics() + "), retry later").exception();
      }
      KeyView view = new KeyView(info.name(), info.partitions(), config.maxBytesPerTopic());
      h = new Held(view, new ViewReader(view, consumers, nodeId, created++), nowMs);
      views.put(id, h);
      h.reader.start();
    }
    h.askedMs = nowMs;
    return h;
  }

  /** A failed view's reader has stopped; its error is answered until its keep time is over. */
  private static boolean expired(Held h, long nowMs) {
    if (h.failedSeenMs == 0) {
      h.failedSeenMs = nowMs;
    }
    long keep = h.view.failure().code() == ErrorCode.LIMIT_EXCEEDED ? TOO_LARGE_KEEP_MS : FAILED_KEEP_MS;
    return nowMs - h.failedSeenMs >= keep;
  }

  /** Drops idle views and failed ones past their keep time; never blocks (runs on an event loop). */
  synchronized void sweep(long nowMs) {
    views.entrySet().removeIf(e -> {
      Held h = e.getValue();
      boolean idle = nowMs - h.askedMs >= config.idleMs() && h.view.waiting() == 0;
      boolean drop = idle || h.view.failure() != null && expired(h, nowMs);
      if (drop) {
        h.reader.stop();
      }
      return drop;
    });
  }

  /** Views held now (failed ones included). */
  public int size() {
    return views.size();
  }

  /** Stops every reader and waits for their consumers to close: not for an event loop. */
  @Override
  public void close() {
    vertx.cancelTimer(sweepTimer);
    synchronized (this) {
      views.values().forEach(h -> h.reader.stop());
    }
    views.values().forEach(h -> h.reader.close());
    views.clear();
  }
}
