package io.logcast.gateway.publish;

import io.logcast.gateway.log.Consumers;
import io.logcast.gateway.log.TopicCatalog;

import io.logcast.gateway.auth.Principal;
import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.metrics.PublishMeters;
import io.logcast.gateway.protocol.Errors;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.protocol.ProtocolException;
import io.logcast.session.IdempotencyStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * Publishing for both the socket and the HTTP API: allow-list, the principal's publish claims, topic
 * existence, idempotency key (scoped to the principal, kept in the session store's cluster), then
 * the producer.
 */
public final class PublishService implements AutoCloseable {
  private final TopicPatterns allowed;
  private final TopicCatalog catalog;
  private final Publisher publisher;
  private final IdempotentPublish keyed;
  private final LogLookup lookup;
  private final PublishMeters meters;

  public PublishService(TopicPatterns allowed, TopicCatalog catalog, Publisher publisher, IdempotencyStore idempotency,
      Consumers consumers, Duration window, long timeoutMs, PublishMeters meters) {
    this.meters = meters;
    this.allowed = allowed;
    this.catalog = catalog;
    this.publisher = publisher;
    this.lookup = new LogLookup(consumers);
    this.keyed = new IdempotentPublish(this::sendAll, idempotency, lookup, window, timeoutMs, meters);
  }

  /** Stops the idempotency lookups' thread (and its consumer). */
  @Override
  public void close() {
    lookup.close();
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

  private Future<List<Published>> attempt(Principal principal, String topic, List<PublishItem> given,
      String idempotencyKey, Context ctx) {
    List<PublishItem> items = withoutReservedHeader(given);
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
      return catalog.describe(topic, ctx).compose(info -> Future.succeededFuture(sendAll(topic, items, ctx)))
          .compose(PublishService::allOf);
    }
    IdempotencyScope scope;
    try {
      scope = IdempotencyScope.of(principal.subject(), topic, idempotencyKey);
    } catch (ProtocolException e) {
      return Future.failedFuture(e);
    }
    return catalog.describe(topic, ctx).compose(info -> keyed.run(scope, topic, items, ctx));
  }

  /** Only the gateway writes the idempotency header: a client's could fake "already written". */
  private static List<PublishItem> withoutReservedHeader(List<PublishItem> items) {
    List<PublishItem> out = new ArrayList<>(items.size());
    for (PublishItem i : items) {
      if (i.headers().containsKey(IdempotencyScope.HEADER)) {
        Map<String, String> h = new HashMap<>(i.headers());
        h.remove(IdempotencyScope.HEADER);
        i = new PublishItem(i.key(), i.value(), h);
      }
      out.add(i);
    }
    return out;
  }

  private List<Future<Published>> sendAll(String topic, List<PublishItem> items, Context ctx) {
    List<Future<Published>> sends = new ArrayList<>(items.size());
    for (PublishItem item : items) {
      sends.add(publisher.send(topic, item.key(), item.value(), item.headers(), ctx));
    }
    return sends;
  }

  private static Future<List<Published>> allOf(List<Future<Published>> sends) {
    return Future.all(sends).map(all -> {
      List<Published> out = new ArrayList<>(sends.size());
      sends.forEach(f -> out.add(f.result()));
      return out;
    });
  }
}
