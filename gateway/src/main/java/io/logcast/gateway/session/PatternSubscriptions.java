package io.logcast.gateway.session;

import io.logcast.gateway.config.TopicPatterns;
import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.log.TopicCatalog;
import io.logcast.gateway.metrics.GatewayMetrics;
import io.logcast.gateway.metrics.StoreWrites;
import io.logcast.gateway.protocol.Errors;
import io.logcast.gateway.protocol.From;
import io.logcast.gateway.protocol.ProtocolError;
import io.logcast.gateway.protocol.ProtocolException;
import io.logcast.session.SessionStore;
import io.logcast.session.StoredSubscription;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A connection's pattern subscriptions ({@code "pattern":"orders.*"}): each is a topic
 * subscription per matching topic that {@code topics.allow} and the token allow, kept in step with
 * the cluster: a topic created later that matches is subscribed from its log start (nothing it
 * holds is missed) within {@code live.topicCheckMs}. The pattern is kept in the session beside
 * the topic subscriptions, so a resume restores both and picks up topics created meanwhile.
 */
final class PatternSubscriptions {
  /** Patterns per connection: each costs a match against every topic name per check. */
  static final int MAX_PATTERNS = 16;
  /** Stored in the session in place of an epoch: this entry is a pattern, not a topic. */
  static final String PATTERN_EPOCH = "*";

  /** {@code known}: the topics it matched so far; a topic the client left on its own is not taken again. */
  private record Pattern(String glob, String key, TopicPatterns matcher, Set<String> known) {
    Pattern(String glob, String key) {
      this(glob, key, new TopicPatterns(List.of(glob)), new HashSet<>());
    }
  }

  private final Connection client;
  private final ClientSubscriptions subs;
  private final TopicCatalog catalog;
  private final TopicPatterns allowed;
  private final SessionStore sessions;
  private final GatewayMetrics metrics;
  private final long checkMs;
  private final Map<String, Pattern> patterns = new LinkedHashMap<>();
  private long timer = -1;

  PatternSubscriptions(Connection client, ClientSubscriptions subs, TopicCatalog catalog, TopicPatterns allowed,
      SessionStore sessions, GatewayMetrics metrics, long checkMs) {
    this.client = client;
    this.subs = subs;
    this.catalog = catalog;
    this.allowed = allowed;
    this.sessions = sessions;
    this.metrics = metrics;
    this.checkMs = checkMs;
  }

  void subscribe(Long id, String glob, String key, From from) {
    if (!(from instanceof From.Latest || from instanceof From.Earliest || from instanceof From.AtTime)) {
      throw ProtocolError.badRequest("a pattern starts at latest, earliest or a time; each topic it matches "
          + "resumes from its own position").exception();
    }
    String target = Subscription.target(glob, key);
    if (patterns.containsKey(target)) {
      throw ProtocolError.badRequest("already subscribed to pattern '" + glob + "'").exception();
    }
    if (patterns.size() >= MAX_PATTERNS) {
      throw ProtocolError.limit("at most " + MAX_PATTERNS + " patterns per connection").exception();
    }
    Pattern pattern = new Pattern(glob, key);
    patterns.put(target, pattern);
    catalog.topicNames(client.context()).onComplete(names -> {
      if (names.failed()) {
        patterns.remove(target);
        client.sendError(id, Errors.map(names.cause()));
        return;
      }
      List<String> matched = matching(pattern, names.result());
      JsonObject reply = new JsonObject().put("type", "subscribed").put("id", id).put("pattern", glob);
      client.send((key == null ? reply : reply.put("key", key)).put("topics", new JsonArray(new ArrayList<>(matched))));
      matched.forEach(t -> start(pattern, t, from));
      store(pattern);
      watch();
    });
  }

  /** A pattern the session held: matched again, topics new since then read from their start. */
  void restore(String glob, String key) {
    Pattern pattern = new Pattern(glob, key);
    patterns.put(Subscription.target(glob, key), pattern);
    catalog.topicNames(client.context()).onSuccess(names -> {
      matching(pattern, names).forEach(t -> start(pattern, t, From.EARLIEST));
      watch();
    });
  }

  /**
   * Ends the pattern and every subscription to a topic it matches that no other pattern of the
   * connection matches (a topic subscribed directly as well is merged into the pattern's).
   */
  void unsubscribe(Long id, String glob, String key) {
    Pattern pattern = patterns.remove(Subscription.target(glob, key));
    if (pattern == null) {
      throw ProtocolError.notFound("not subscribed to pattern '" + glob + "'").exception();
    }
    for (String topic : subs.topics(key)) {
      if (pattern.matcher().allows(topic) && patterns.values().stream()
          .noneMatch(p -> p.matcher().allows(topic) && java.util.Objects.equals(p.key(), key))) {
        subs.unsubscribe(new io.logcast.gateway.protocol.Inbound.Unsubscribe(null, topic, key));
      }
    }
    JsonObject reply = new JsonObject().put("type", "unsubscribed").put("id", id).put("pattern", glob);
    client.send(key == null ? reply : reply.put("key", key));
    if (client.sessionId() != null) {
      metrics.storeWrites().watch(StoreWrites.Op.REMOVE_SUBSCRIPTION,
          sessions.removeSubscription(client.sessionId(), client.generation(), glob, key));
    }
  }

  void close() {
    if (timer >= 0) {
      client.context().owner().cancelTimer(timer);
      timer = -1;
    }
    patterns.clear();
  }

  private List<String> matching(Pattern pattern, Collection<String> names) {
    List<String> out = new ArrayList<>();
    for (String t : new TreeSet<>(names)) {
      if (pattern.matcher().allows(t) && allowed.allows(t) && client.auth().principal().maySubscribe(t, pattern.key())) {
        out.add(t);
      }
    }
    return out;
  }

  /** Subscribes a matching topic once, unless the connection holds it already (directly, or restored). */
  private void start(Pattern pattern, String topic, From from) {
    if (!pattern.known().add(topic) || subs.holds(Subscription.target(topic, pattern.key()))) {
      return;
    }
    try {
      subs.subscribe(null, topic, pattern.key(), from);
    } catch (ProtocolException e) {
      client.send(SubscriptionErrors.named(e.error(), topic, pattern.key()).put("pattern", pattern.glob()));
    }
  }

  private void store(Pattern pattern) {
    if (client.sessionId() != null) {
      metrics.storeWrites().watch(StoreWrites.Op.PUT_SUBSCRIPTION, sessions.putSubscription(client.sessionId(),
          client.generation(), new StoredSubscription(pattern.glob(), pattern.key(), PATTERN_EPOCH, Map.of())));
    }
  }

  private void watch() {
    if (timer < 0 && !patterns.isEmpty()) {
      timer = client.context().owner().setPeriodic(checkMs, t -> check());
    }
  }

  /** Topics created since the last look that match: read from their log start, nothing missed. */
  private void check() {
    if (patterns.isEmpty() || client.isClosed()) {
      return;
    }
    catalog.topicNames(client.context()).onSuccess(names -> List.copyOf(patterns.values())
        .forEach(p -> matching(p, names).forEach(t -> start(p, t, From.EARLIEST))));
  }
}
