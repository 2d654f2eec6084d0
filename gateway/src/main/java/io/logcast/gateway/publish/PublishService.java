package io.logcast.gateway.publish;

import io.logcast.gateway.log.TopicCatalog;

import io.logcast.gateway.auth.Principal;
import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.metrics.PublishMeters;
import io.logcast.gateway.protocol.Errors;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.session.IdempotencyStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Publishing for both the socket and the HTTP API: allow-list, the principal's publish claims, topic
 * existence, idempotency key (scoped to the principal, kept in the session store's cluster), then
 * the producer.
 */
public final class PublishService {
  private static final long IN_FLIGHT_POLL_MS = 100;

  private final TopicPatterns allowed;
  private final TopicCatalog catalog;
  private final Publisher publisher;
  private final IdempotencyStore idempotency;
  private final Duration window;
  private final long timeoutMs;
  private final PublishMeters meters;

  public PublishService(TopicPatterns allowed, TopicCatalog catalog, Publisher publisher, IdempotencyStore idempotency,
      Duration window, long timeoutMs, PublishMeters meters) {
    this.meters = meters;
    this.allowed = allowed;
    this.catalog = catalog;
    this.publisher = publisher;
    this.idempotency = idempotency;
    this.window = window;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Publishes in order; the results are in the same order. A failure is already mapped to the
   * error the caller gets (so it is counted once, under that code).
   */
  public Future<List<Published>> publish(Principal principal, String topic, List<PublishItem> items,
      String idempotencyKey, Context ctx) {
    return attempt(principal, topic, items, idempotencyKey, ctx).transform(ar -> {
      if (ar.succeeded()) {
        meters.succeeded(topic, items.size());
        return Future.succeededFuture(ar.result());
      }
      ProtocolError error = Errors.map(ar.cause());
      meters.failed(error.code());
      return Future.failedFuture(error.exception());
    });
  }

  private Future<List<Published>> attempt(Principal principal, String topic, List<PublishItem> items,
      String idempotencyKey, Context ctx) {
    if (!allowed.allows(topic)) {
      return Future.failedFuture(ProtocolError.forbidden("topic '" + topic + "' is not exposed").exception());
    }
    // every item: the claims may allow some keys of a topic and not others (topic/key patterns)
    for (PublishItem item : items) {
      if (!principal.mayPublish(topic, item.key())) {
        return Future.failedFuture(ProtocolError.forbidden("the token does not allow publishing to topic '" + topic
            + "'" + (item.key() == null ? " without a key" : " with this key")).exception());
      }
    }
    if (idempotencyKey == null) {
      return catalog.describe(topic, ctx).compose(info -> sendAll(topic, items, ctx));
    }
    String key = principal.subject() + '\u0000' + topic + '\u0000' + idempotencyKey;
    return catalog.describe(topic, ctx).compose(info -> once(key, topic, items, ctx, System.currentTimeMillis()));
  }

  private Future<List<Published>> once(String key, String topic, List<PublishItem> items, Context ctx, long startMs) {
    return Future.fromCompletionStage(idempotency.reserve(key, window), ctx)
        .recover(e -> Future.failedFuture(
            ProtocolError.unavailable("idempotency keys cannot be stored right now, retry later").exception()))
        .compose(prior -> {
      if (prior.isEmpty()) {
        return sendAll(topic, items, ctx)
            .compose(results -> Future.fromCompletionStage(idempotency.complete(key, encode(results), window), ctx)
                .map(v -> results))
            .onFailure(e -> idempotency.release(key));
      }
      return earlier(prior, key, topic, items, ctx, startMs);
    });
  }

  /** The same key is in flight elsewhere: wait (bounded) for its result rather than write twice. */
  private Future<List<Published>> earlier(Optional<IdempotencyStore.Entry> prior, String key, String topic,
      List<PublishItem> items, Context ctx, long startMs) {
    if (!prior.get().inFlight()) {
      meters.duplicate();
      return Future.succeededFuture(decode(prior.get().result()));
    }
    if (System.currentTimeMillis() - startMs > timeoutMs) {
      return Future.failedFuture(ProtocolError.unavailable("the first request with this idempotency key "
          + "has not finished, retry later").exception());
    }
    Promise<List<Published>> retry = Promise.promise();
    ctx.owner().setTimer(IN_FLIGHT_POLL_MS, t -> once(key, topic, items, ctx, startMs).onComplete(retry));
    return retry.future();
  }

  private Future<List<Published>> sendAll(String topic, List<PublishItem> items, Context ctx) {
    List<Future<Published>> sends = new ArrayList<>(items.size());
    for (PublishItem item : items) {
      sends.add(publisher.send(topic, item.key(), item.value(), item.headers(), ctx));
    }
    return Future.all(sends).map(all -> {
      List<Published> out = new ArrayList<>(sends.size());
      sends.forEach(f -> out.add(f.result()));
      return out;
    });
  }

  private static String encode(List<Published> results) {
    JsonArray a = new JsonArray();
    results.forEach(r -> a.add(r.toJson()));
    return a.encode();
  }

  private static List<Published> decode(String stored) {
    List<Published> out = new ArrayList<>();
    new JsonArray(stored).forEach(o -> out.add(Published.fromJson((io.vertx.core.json.JsonObject) o)));
    return out;
  }
}
