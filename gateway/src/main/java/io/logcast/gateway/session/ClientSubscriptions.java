package io.logcast.gateway.session;

import static io.logcast.gateway.session.SubscriptionErrors.describe;
import static io.logcast.gateway.session.SubscriptionErrors.notAllowed;

import io.logcast.gateway.auth.Principal;
import io.logcast.gateway.catchup.Start;
import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.live.HubShard;
import io.logcast.gateway.log.TopicCatalog;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.metrics.StoreWrites;
import io.logcast.gateway.protocol.CloseCode;
import io.logcast.gateway.protocol.ErrorCode;
import io.logcast.gateway.protocol.Errors;
import io.logcast.gateway.protocol.Frames;
import io.logcast.gateway.protocol.From;
import io.logcast.gateway.protocol.Inbound;
import io.logcast.gateway.protocol.Names;
import io.logcast.gateway.protocol.Position;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.protocol.ProtocolException;
import io.logcast.session.AckedPositions;
import io.logcast.session.SessionStore;
import io.logcast.session.StoredSubscription;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A connection's subscriptions: subscribe, unsubscribe, acks (flushed in batches) and restore on resume. */
final class ClientSubscriptions {
  private static final Logger LOG = LoggerFactory.getLogger(ClientSubscriptions.class);
  private final Connection client;
  private final Client out;
  private final HubShard shard;
  private final TopicPatterns allowed;
  private final TopicCatalog catalog;
  private final SnapshotStart starts;
  private final SessionStore sessions;
  private final int maxSubscriptions;
  private final GatewayMetrics metrics;
  private final Map<String, Subscription> subs = new LinkedHashMap<>();
  private final Resolving starting = new Resolving();
  private final PendingAcks acks = new PendingAcks();
  private final PatternSubscriptions patterns;
  /** Subscriptions answered but not yet written: one store write per event-loop turn, not per subscribe. */
  private List<StoredSubscription> unwritten = new ArrayList<>();

  /** {@code node}: the instance's parts this connection's subscriptions use. */
  ClientSubscriptions(Connection client, Client out, HubShard shard, Connector node) {
    this.client = client;
    this.out = out;
    this.shard = shard;
    this.allowed = node.allowed;
    this.catalog = node.catalog;
    this.starts = new SnapshotStart(client, out, node.starts, node.views, node.config.limits().maxBehindMs());
    this.sessions = node.sessions;
    this.maxSubscriptions = node.config.limits().maxSubscriptionsPerConnection();
    this.metrics = node.metrics;
    this.patterns = new PatternSubscriptions(client, this, catalog, allowed, sessions, metrics,
        node.config.live().topicCheckMs());
  }

  void subscribe(Long id, String topic, String key, From from) {
    if (Names.isPattern(topic)) {
      patterns.subscribe(id, topic, key, from);
      return;
    }
    String target = Subscription.target(topic, key);
    if (starting.defer(target, guarded(id, () -> subscribe(id, topic, key, from)))) {
      return;
    }
    if (subs.containsKey(target)) {
      throw ProtocolError.badRequest("already subscribed to " + describe(topic, key)).exception();
    }
    int max = maxSubscriptions;
    if (subs.size() + starting.size() >= max) {
      metrics.limits().rejected(io.logcast.gateway.metrics.LimitKind.SUBSCRIPTIONS, client.principal(),
          client.remote());
      throw ProtocolError.limit("at most " + max + " subscriptions per connection").exception();
    }
    if (!allowed.allows(topic)) {
      throw ProtocolError.forbidden("topic '" + topic + "' is not exposed").exception();
    }
    if (!client.auth().principal().maySubscribe(topic, key)) {
      throw notAllowed(topic, key).exception();
    }
    starting.add(target);
    var ctx = shard.context();
    catalog.describeReadable(topic, ctx)
        .compose(info -> starts.begin(id, from, info, key, shard).map(begin -> {
          started(id, info, key, begin);
          return begin;
        }))
        .onFailure(e -> {
          starting.settle(target);
          failed(id, topic, key, Errors.map(e));
        });
  }

  /**
   * A restored subscription (no request id) must not vanish while the connection stays open: Kafka
   * not answering closes it 1013, to resume later (the session keeps it); else an error names it.
   */
  private void failed(Long id, String topic, String key, ProtocolError error) {
    if (id != null) {
      client.sendError(id, error);
    } else if (error.code() == ErrorCode.UNAVAILABLE) {
      LOG.warn("could not restore a subscription ({}); closing the connection 1013 to resume later", error.message());
      client.close(CloseCode.TRY_AGAIN_LATER, "could not restore " + describe(topic, key) + "; resume later");
    } else {
      client.send(SubscriptionErrors.named(error, topic, key));
    }
  }

  /** A deferred request answers its own errors: no caller is left to catch them. */
  private Runnable guarded(Long id, Runnable request) {
    return () -> {
      try {
        request.run();
      } catch (ProtocolException e) {
        client.sendError(id, e.error());
      }
    };
  }

  private void started(Long id, TopicInfo info, String key, SnapshotStart.Begin begin) {
    String target = Subscription.target(info.name(), key);
    try {
      register(id, info, key, begin);
    } finally {
      starting.settle(target);
    }
  }

  private void register(Long id, TopicInfo info, String key, SnapshotStart.Begin begin) {
    Start start = begin.start();
    String target = Subscription.target(info.name(), key);
    if (client.isClosed()) {
      return;
    }
    if (!client.auth().principal().maySubscribe(info.name(), key)) {
      // a refresh narrowed the claims while this subscription was being resolved
      client.sendError(id, notAllowed(info.name(), key));
      return;
    }
    Map<Integer, Long> offsets = Position.offsets(start.cursors());
    if (!begin.announced()) { // the reply goes out before the first message of the subscription can be queued
      client.send(Frames.subscribed(id, info.name(), key, info.epoch(), start.recovered(), start.reason(), offsets));
    }
    subs.put(target, shard.register(out, info, key, start.cursors()));
    if (client.sessionId() != null) {
      if (unwritten.isEmpty()) {
        // behind the subscribes already queued on this loop (a burst resolves together): one write for all
        shard.context().runOnContext(v -> writeSubscriptions());
      }
      unwritten.add(new StoredSubscription(info.name(), key, info.epoch(), offsets));
    }
  }

  /** Also before a removal, so that the store sees a subscribe and its unsubscribe in order. */
  private void writeSubscriptions() {
    if (unwritten.isEmpty()) {
      return;
    }
    List<StoredSubscription> batch = unwritten;
    unwritten = new ArrayList<>();
    // a lone subscribe keeps the older single write, which members of the previous release know
    metrics.storeWrites().watch(StoreWrites.Op.PUT_SUBSCRIPTION, batch.size() == 1
        ? sessions.putSubscription(client.sessionId(), client.generation(), batch.get(0))
        : sessions.putSubscriptions(client.sessionId(), client.generation(), batch));
  }

  void unsubscribe(Inbound.Unsubscribe u) {
    if (Names.isPattern(u.topic())) {
      patterns.unsubscribe(u.id(), u.topic(), u.key());
      return;
    }
    String target = Subscription.target(u.topic(), u.key());
    if (starting.defer(target, guarded(u.id(), () -> unsubscribe(u)))) {
      return;
    }
    Subscription sub = subs.remove(target);
    if (sub == null) {
      throw ProtocolError.notFound("not subscribed to " + describe(u.topic(), u.key())).exception();
    }
    shard.unregister(sub);
    acks.forget(target);
    client.send(Frames.unsubscribed(u.id(), u.topic(), u.key()));
    if (client.sessionId() != null) {
      writeSubscriptions();
      metrics.storeWrites().watch(StoreWrites.Op.REMOVE_SUBSCRIPTION,
          sessions.removeSubscription(client.sessionId(), client.generation(), u.topic(), u.key()));
    }
  }

  /** Acks are capped at what was delivered, so a client can never make a resume skip past unseen records. */
  void ack(Inbound.Ack a) {
    String target = Subscription.target(a.topic(), a.key());
    // a resume's restored subscriptions resolve after welcome; the client may ack them meanwhile
    if (starting.defer(target, guarded(null, () -> ack(a)))) {
      return;
    }
    Subscription sub = subs.get(target);
    if (sub == null) {
      throw ProtocolError.notFound("not subscribed to " + describe(a.topic(), a.key())).exception();
    }
    acks.add(sub, a.offsets());
    client.ackPending();
  }

  /** Writes this connection's pending acks to the session store (on close; shards batch the periodic flush). */
  void flushAcks() {
    List<AckedPositions> batch = new ArrayList<>();
    drainAcks(batch);
    if (!batch.isEmpty()) {
      metrics.storeWrites().watch(StoreWrites.Op.MERGE_ACKED, sessions.mergeAckedAll(batch));
    }
  }

  /**
   * Moves the pending acks into {@code batch}, for one store write covering many connections;
   * true if some stay pending (no session id yet).
   */
  boolean drainAcks(List<AckedPositions> batch) {
    if (!acks.isEmpty() && client.sessionId() != null) {
      acks.drain(client.sessionId(), client.generation(), subs::get, batch);
    }
    return !acks.isEmpty();
  }

  /** Resume: the union of stored and presented subscriptions, each from max(acked, presented) per partition. */
  void restore(List<StoredSubscription> stored, List<Inbound.ResumeSubscription> presented) {
    for (StoredSubscription s : ResumeSet.union(stored, presented)) {
      if (Names.isPattern(s.topic())) {
        patterns.restore(s.topic(), s.key());
        continue;
      }
      try {
        subscribe(null, s.topic(), s.key(), new From.At(new Position(s.epoch(), s.acked())));
      } catch (ProtocolException e) {
        failed(null, s.topic(), s.key(), e.error());
      }
    }
  }

  /**
   * After a refresh: drops every subscription the new claims no longer allow, each announced with
   * a {@code forbidden} error naming it (its {@code topic} and {@code key} as fields too), and
   * forgets it in the session so a resume does not bring it back.
   */
  void retainAllowed(Principal principal) {
    var it = subs.values().iterator();
    while (it.hasNext()) {
      Subscription sub = it.next();
      if (principal.maySubscribe(sub.topic(), sub.key())) {
        continue;
      }
      it.remove();
      shard.unregister(sub);
      acks.forget(sub.target());
      client.send(SubscriptionErrors.named(ProtocolError.forbidden("subscription to " + describe(sub.topic(), sub.key())
          + " dropped: the refreshed token does not allow it"), sub.topic(), sub.key()));
      if (client.sessionId() != null) {
        writeSubscriptions();
        metrics.storeWrites().watch(StoreWrites.Op.REMOVE_SUBSCRIPTION,
            sessions.removeSubscription(client.sessionId(), client.generation(), sub.topic(), sub.key()));
      }
    }
  }

  /** The connection holds, or is setting up, a subscription to {@code target}. */
  boolean holds(String target) {
    return subs.containsKey(target) || starting.contains(target);
  }

  /** The topics of the subscriptions held with {@code key} (null: whole-topic ones). */
  List<String> topics(String key) {
    return subs.values().stream().filter(s -> Objects.equals(s.key(), key)).map(Subscription::topic).toList();
  }

  void closeAll() {
    patterns.close();
    starting.clear(); // requests waiting on a resolving subscription die with the connection
    if (client.sessionId() != null) {
      writeSubscriptions(); // before the acks: they merge into stored subscriptions
    }
    flushAcks();
    subs.values().forEach(shard::unregister);
    subs.clear();
  }
}
