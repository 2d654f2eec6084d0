package io.logcast.gateway.snapshot;

import io.logcast.gateway.protocol.ProtocolError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Whether a topic's {@code cleanup.policy} contains {@code compact}, through the Admin client
 * (DescribeConfigs; the gateway's principal needs DESCRIBE_CONFIGS on the topic). Only a compacted
 * log keeps the latest record of every key, so only it can rebuild a view after a restart in
 * bounded time and space. Answers are cached briefly, so a snapshot storm costs one request.
 */
final class CompactedTopics {
  static final long CACHE_TTL_MS = 30_000;
  /** Only topics matching snapshot.topics get here; the cache is cleared if it ever grows past this. */
  static final int MAX_CACHED = 1_000;

  private record Cached(Future<Boolean> compacted, long expiresAtMs) {}

  private final Admin admin;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  CompactedTopics(Admin admin) {
    this.admin = admin;
  }

  Future<Boolean> compacted(String topic, Context ctx) {
    long now = System.currentTimeMillis();
    Cached c = cache.get(topic);
    if (c == null || c.expiresAtMs() <= now) {
      ConfigResource res = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Future<Boolean> f = Future.fromCompletionStage(admin.describeConfigs(List.of(res)).values().get(res)
              .toCompletionStage())
          .map(CompactedTopics::isCompacted)
          .recover(t -> Future.failedFuture(error(topic, t)));
      if (cache.size() >= MAX_CACHED) {
        cache.clear();
      }
      c = new Cached(f, now + CACHE_TTL_MS);
      cache.put(topic, c);
      Cached mine = c;
      f.onFailure(t -> cache.remove(topic, mine)); // a failure is asked again on the next request
    }
    return Future.fromCompletionStage(c.compacted().toCompletionStage(), ctx);
  }

  static boolean isCompacted(Config config) {
    ConfigEntry policy = config.get("cleanup.policy");
    return policy != null && policy.value() != null && policy.value().contains("compact");
  }

  private static Throwable error(String topic, Throwable t) {
    Throwable cause = t;
    while (cause.getCause() != null && !(cause instanceof UnknownTopicOrPartitionException)
        && !(cause instanceof AuthorizationException)) {
      cause = cause.getCause();
    }
    if (cause instanceof UnknownTopicOrPartitionException) {
      return ProtocolError.notFound("topic '" + topic + "' does not exist").exception();
    }
    if (cause instanceof AuthorizationException) {
      return ProtocolError.forbidden("the gateway is not allowed to read the configuration of topic '" + topic
          + "' (Kafka ACLs)").exception();
    }
    return ProtocolError.unavailable("the configuration of topic '" + topic + "' could not be read, retry later")
        .exception();
  }
}
