package io.logcast.gateway.publish;

import io.logcast.gateway.metrics.PublishMeters;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.session.IdempotencyStore;
import io.logcast.session.IdempotencyStore.Entry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A publish under an idempotency key: at most one record per item per key and window (docs/protocol.md,
 * "Idempotency keys"). The key is leased to this member while it writes; a write that may have
 * landed is never released, it is marked unknown and the next attempt reads the log for the key's
 * header before writing what is missing.
 */
final class IdempotentPublish {
  private static final long IN_FLIGHT_POLL_MS = 100;
  static final String UNKNOWN = "the outcome of the first request with this idempotency key is not known yet, "
      + "retry later with the same key";
  static final String FULL = "the cluster holds as many idempotency keys as it may, retry later";

  private final Sender sender;
  private final IdempotencyStore store;
  private final LogLookup lookup;
  private final Duration window;
  private final Duration lease;
  private final long timeoutMs;
  private final PublishMeters meters;

  /** Writes items (with their headers) and answers each one's outcome, in order. */
  interface Sender {
    List<Future<Published>> send(String topic, List<PublishItem> items, Context ctx);
  }

  IdempotentPublish(Sender sender, IdempotencyStore store, LogLookup lookup, Duration window, long timeoutMs,
      PublishMeters meters) {
    this.sender = sender;
    this.store = store;
    this.lookup = lookup;
    this.window = window;
    this.timeoutMs = timeoutMs;
    // a live owner's publish ends within the delivery timeout (+ metadata block): never cut it short
    this.lease = Duration.ofMillis(2 * timeoutMs + 5_000);
    this.meters = meters;
  }

  Future<List<Published>> run(IdempotencyScope scope, String topic, List<PublishItem> items, Context ctx) {
    return once(scope, topic, items, ctx, System.currentTimeMillis());
  }

  private Future<List<Published>> once(IdempotencyScope scope, String topic, List<PublishItem> items, Context ctx,
      long startMs) {
    return Future.fromCompletionStage(store.reserve(scope.storeKey(), window, lease), ctx)
        .recover(e -> Future.failedFuture(refused(e).exception()))
        .compose(prior -> {
          if (prior.isEmpty()) {
            return write(scope, topic, items, new HashMap<>(), System.currentTimeMillis(), ctx);
          }
          Entry e = prior.get();
          return switch (e.state()) {
            case DONE -> {
              meters.duplicate();
              yield Future.succeededFuture(decode(e.result()));
            }
            case RESOLVE -> resolve(scope, topic, items, e.sinceMs(), ctx);
            case IN_FLIGHT -> wait(scope, topic, items, ctx, startMs);
          };
        });
  }

  private ProtocolError refused(Throwable e) {
    if (e instanceof IdempotencyStore.Full || e.getCause() instanceof IdempotencyStore.Full) {
      meters.keysFull();
      return ProtocolError.unavailable(FULL);
    }
    return ProtocolError.unavailable("idempotency keys cannot be stored right now, retry later");
  }

  /** An earlier attempt may have written: what the log holds is not written again. */
  private Future<List<Published>> resolve(IdempotencyScope scope, String topic, List<PublishItem> items,
      long sinceMs, Context ctx) {
    return lookup.find(topic, scope.tag(), sinceMs, ctx)
        .recover(e -> Future.fromCompletionStage(store.markUnknown(scope.storeKey(), sinceMs, window), ctx)
            .transform(x -> Future.failedFuture(ProtocolError.unavailable(UNKNOWN).exception())))
        .compose(found -> {
          if (!found.isEmpty()) {
            meters.duplicate();
          }
          return write(scope, topic, items, found, sinceMs, ctx);
        });
  }

  /** The same key is in flight on a live member: wait (bounded) for its result rather than write twice. */
  private Future<List<Published>> wait(IdempotencyScope scope, String topic, List<PublishItem> items, Context ctx,
      long startMs) {
    if (System.currentTimeMillis() - startMs > timeoutMs) {
      return Future.failedFuture(ProtocolError.unavailable("the first request with this idempotency key "
          + "has not finished, retry later").exception());
    }
    Promise<List<Published>> retry = Promise.promise();
    ctx.owner().setTimer(IN_FLIGHT_POLL_MS, t -> once(scope, topic, items, ctx, startMs).onComplete(retry));
    return retry.future();
  }

  /** Writes the items not in {@code done}, each tagged with the key's header and its index. */
  private Future<List<Published>> write(IdempotencyScope scope, String topic, List<PublishItem> items,
      Map<Integer, Published> done, long sinceMs, Context ctx) {
    List<Integer> missing = new ArrayList<>();
    List<PublishItem> tagged = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (!done.containsKey(i)) {
        missing.add(i);
        tagged.add(tag(items.get(i), scope.headerValue(i)));
      }
    }
    List<Future<Published>> sends = sender.send(topic, tagged, ctx);
    return Future.join(sends).transform(ignored -> {
      Map<Integer, Published> all = new HashMap<>(done);
      Throwable failure = null;
      boolean certain = true;
      for (int j = 0; j < sends.size(); j++) {
        Future<Published> f = sends.get(j);
        if (f.succeeded()) {
          all.put(missing.get(j), f.result());
        } else {
          failure = failure == null ? f.cause() : failure;
          certain &= Unwritten.certainly(f.cause());
        }
      }
      if (failure == null) {
        List<Published> results = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
          results.add(all.get(i));
        }
        // written: the client gets its offsets even if the store misses the result (the lease
        // then runs out and the next attempt finds the records in the log)
        return Future.fromCompletionStage(store.complete(scope.storeKey(), encode(results), window), ctx)
            .transform(x -> Future.succeededFuture(results));
      }
      Throwable cause = failure;
      if (certain && all.isEmpty()) {
        return Future.fromCompletionStage(store.release(scope.storeKey()), ctx)
            .transform(x -> Future.failedFuture(cause));
      }
      Throwable answer = certain ? cause : ProtocolError.unavailable(UNKNOWN).exception();
      return Future.fromCompletionStage(store.markUnknown(scope.storeKey(), sinceMs, window), ctx)
          .transform(x -> Future.failedFuture(answer));
    });
  }

  private static PublishItem tag(PublishItem item, String value) {
    Map<String, String> headers = new HashMap<>(item.headers());
    headers.put(IdempotencyScope.HEADER, value);
    return new PublishItem(item.key(), item.value(), headers);
  }

  static String encode(List<Published> results) {
    JsonArray a = new JsonArray();
    results.forEach(r -> a.add(r.toJson()));
    return a.encode();
  }

  static List<Published> decode(String stored) {
    List<Published> out = new ArrayList<>();
    new JsonArray(stored).forEach(o -> out.add(Published.fromJson((JsonObject) o)));
    return out;
  }
}
