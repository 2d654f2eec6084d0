package io.logcast.gateway.log;

import io.logcast.gateway.config.KafkaConfig;
import io.logcast.gateway.protocol.ProtocolError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Topic metadata and offset look-ups through one Admin client (its own I/O thread); results hop
 * back to the caller's context. Descriptions are cached briefly so a subscribe storm costs one
 * request per topic, not one per client.
 */
public final class TopicCatalog implements LogBounds, AutoCloseable {
  private static final long FOUND_TTL_MS = 30_000;
  private static final long MISSING_TTL_MS = 2_000;
  private static final int ADMIN_TIMEOUT_MS = 10_000;
  /** Topics remembered at most: each allowed name a client tries costs an entry (and a describe). */
  static final int MAX_CACHED_TOPICS = 10_000;
  /** Describes of topics not in the cache, per second and instance: a client cannot turn names into Kafka load. */
  static final int MAX_DESCRIBES_PER_SECOND = 200;
  /** Describe says whether the gateway may READ: a topic it may only describe is refused at subscribe. */
  private static final DescribeTopicsOptions WITH_OPERATIONS = new DescribeTopicsOptions().includeAuthorizedOperations(true);

  /** How long one listing of the cluster's topics serves every pattern subscription of the instance. */
  static final long NAMES_TTL_MS = 2_000;

  private record Cached(Future<TopicInfo> info, long expiresAtMs) {}

  private record Names(CompletableFuture<Set<String>> names, long atMs) {}

  private final Admin admin;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  /** Offset look-ups in flight, by topic id, partition count and spec (see {@link #offsetsShared}). */
  private final Map<String, CompletableFuture<long[]>> inFlight = new ConcurrentHashMap<>();
  private final int maxCached;
  private volatile Names names;
  private final int maxDescribesPerSecond;
  private long budgetSecond;
  private int budgetUsed;

  public TopicCatalog(KafkaConfig kafka, String nodeId) {
    this(kafka, nodeId, MAX_CACHED_TOPICS, MAX_DESCRIBES_PER_SECOND);
  }

  TopicCatalog(KafkaConfig kafka, String nodeId, int maxCached, int maxDescribesPerSecond) {
    this.maxCached = maxCached;
    this.maxDescribesPerSecond = maxDescribesPerSecond;
    this.admin = Admin.create(kafka.adminProperties(Map.of(
        "client.id", "logcast-admin-" + nodeId,
        "default.api.timeout.ms", ADMIN_TIMEOUT_MS,
        "request.timeout.ms", ADMIN_TIMEOUT_MS / 2)));
  }

  public Future<TopicInfo> describe(String topic, Context ctx) {
    long now = System.currentTimeMillis();
    Cached c = cache.get(topic);
    if (c != null && c.expiresAtMs() > now) {
      return relay(c.info(), ctx);
    }
    if (!takeDescribe(now)) {
      return Future.failedFuture(ProtocolError.unavailable("too many topic look-ups right now, retry shortly").exception());
    }
    Future<TopicInfo> f = Future.fromCompletionStage(admin.describeTopics(List.of(topic), WITH_OPERATIONS)
            .topicNameValues().get(topic).toCompletionStage())
        .map(TopicCatalog::info)
        .recover(t -> Future.failedFuture(unwrap(t) instanceof UnknownTopicOrPartitionException
            ? ProtocolError.notFound("topic '" + topic + "' does not exist").exception()
            : t));
    cache.put(topic, new Cached(f, now + FOUND_TTL_MS));
    if (cache.size() > maxCached) {
      evict(now);
    }
    // an operator granting READ, or creating the topic, is seen within seconds
    f.onSuccess(info -> {
      if (!info.readable()) {
        cache.put(topic, new Cached(f, System.currentTimeMillis() + MISSING_TTL_MS));
      }
    });
    f.onFailure(t -> cache.put(topic, new Cached(f, System.currentTimeMillis() + MISSING_TTL_MS)));
    return relay(f, ctx);
  }

  /**
   * {@link #describe}, refused {@code forbidden} when the cluster lets the gateway describe the
   * topic but not read it (Kafka ACLs): a subscription, an event stream or a history page is
   * refused before the live consumer or a replay reader asks for it, since a refused fetch would
   * hold up every other topic it reads.
   */
  public Future<TopicInfo> describeReadable(String topic, Context ctx) {
    return describe(topic, ctx).compose(info -> info.readable() ? Future.succeededFuture(info)
        : Future.failedFuture(ProtocolError.forbidden("the gateway is not allowed to read topic '" + info.name()
            + "' (Kafka ACLs)").exception()));
  }

  /**
   * Describes {@code topics} now (not from the cache) and refreshes the cache with what it finds:
   * the topic watch's periodic look at the topics this instance follows. Topics that no longer
   * exist are left out of the answer.
   */
  public Future<Map<String, TopicInfo>> refresh(java.util.Collection<String> topics, Context ctx) {
    Map<String, Future<TopicDescription>> each = new HashMap<>();
    admin.describeTopics(topics).topicNameValues().forEach((name, f) ->
        each.put(name, Future.fromCompletionStage(f.toCompletionStage(), ctx)));
    return Future.join(List.copyOf(each.values())).transform(done -> {
      Map<String, TopicInfo> out = new HashMap<>();
      long expires = System.currentTimeMillis() + FOUND_TTL_MS;
      each.forEach((name, f) -> {
        if (f.succeeded()) {
          TopicInfo info = info(f.result());
          out.put(name, info);
          cache.put(name, new Cached(Future.succeededFuture(info), expires));
        }
      });
      return Future.succeededFuture(out);
    });
  }

  private synchronized boolean takeDescribe(long nowMs) {
    long second = nowMs / 1000;
    if (second != budgetSecond) {
      budgetSecond = second;
      budgetUsed = 0;
    }
    return ++budgetUsed <= maxDescribesPerSecond;
  }

  /** Expired entries first; if the cache is still full, any others (they are only a cache). */
  private void evict(long nowMs) {
    cache.values().removeIf(c -> c.expiresAtMs() <= nowMs);
    var it = cache.keySet().iterator();
    while (cache.size() > maxCached && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  int cachedTopics() {
    return cache.size();
  }

  @Override
  public Future<long[]> offsets(TopicInfo topic, OffsetSpec spec, Context ctx) {
    return Future.fromCompletionStage(listOffsets(topic, spec), ctx);
  }

  /**
   * The topic's first or end offsets ({@code spec} is {@link OffsetSpec#earliest} or
   * {@link OffsetSpec#latest}): callers that come while a look-up is in flight share it, so a storm
   * of subscribes or resumes on a topic not yet live costs one request, not one or two each (100
   * keyed subscribes per hello made thousands a second; 10,000 resumes made 20,000, and the Admin
   * client's queue timed them out). The answer may predate a sharer's request by one round trip:
   * the log start can only have moved up since (the read then reports the gap), the end only
   * further on (see {@link io.logcast.gateway.catchup.StartPositions} for what that means).
   */
  @Override
  public Future<long[]> offsetsShared(TopicInfo topic, OffsetSpec spec, Context ctx) {
    String kind = spec instanceof OffsetSpec.EarliestSpec ? "earliest"
        : spec instanceof OffsetSpec.LatestSpec ? "latest" : null;
    if (kind == null) {
      throw new IllegalArgumentException("only the earliest and latest offsets are shared");
    }
    String key = topic.epoch() + "/" + topic.partitions() + "/" + kind;
    CompletableFuture<long[]> mine = new CompletableFuture<>();
    CompletableFuture<long[]> shared = inFlight.putIfAbsent(key, mine);
    if (shared == null) {
      shared = mine;
      listOffsets(topic, spec).whenComplete((offsets, e) -> {
        inFlight.remove(key, mine);
        if (e != null) {
          mine.completeExceptionally(e);
        } else {
          mine.complete(offsets);
        }
      });
    }
    // each caller owns its cursors
    return Future.fromCompletionStage(shared.thenApply(long[]::clone), ctx);
  }

  private CompletionStage<long[]> listOffsets(TopicInfo topic, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> req = new HashMap<>();
    for (int p = 0; p < topic.partitions(); p++) {
      req.put(new TopicPartition(topic.name(), p), spec);
    }
    KafkaFuture<Map<TopicPartition, org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo>> all =
        admin.listOffsets(req, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all();
    return all.toCompletionStage().thenApply(m -> {
      long[] out = new long[topic.partitions()];
      m.forEach((tp, info) -> out[tp.partition()] = info.offset());
      return out;
    });
  }

  /**
   * The names of the cluster's topics (internal ones left out), one listing shared for
   * {@link #NAMES_TTL_MS}: every pattern subscription of the instance looks at the same one.
   */
  public Future<Set<String>> topicNames(Context ctx) {
    long now = System.currentTimeMillis();
    Names n = names;
    if (n == null || now - n.atMs() > NAMES_TTL_MS || n.names().isCompletedExceptionally()) {
      synchronized (this) {
        n = names;
        if (n == null || now - n.atMs() > NAMES_TTL_MS || n.names().isCompletedExceptionally()) {
          n = new Names(admin.listTopics().names().toCompletionStage().toCompletableFuture(), now);
          names = n;
        }
      }
    }
    return Future.fromCompletionStage(n.names(), ctx);
  }

  /** A cheap liveness probe for readiness: the cluster answers a describe. */
  public Future<Void> ping(Context ctx) {
    return Future.fromCompletionStage(admin.describeCluster().clusterId().toCompletionStage(), ctx).mapEmpty();
  }

  public Admin admin() {
    return admin;
  }

  private static TopicInfo info(TopicDescription d) {
    Set<AclOperation> ops = d.authorizedOperations();
    // null: the broker did not say (no authorizer answers with every operation)
    boolean readable = ops == null || ops.contains(AclOperation.READ) || ops.contains(AclOperation.ALL);
    return new TopicInfo(d.name(), d.topicId().toString(), d.partitions().size(), readable);
  }

  private static <T> Future<T> relay(Future<T> f, Context ctx) {
    return Future.fromCompletionStage(f.toCompletionStage(), ctx);
  }

  private static Throwable unwrap(Throwable t) {
    return t.getCause() != null && !(t instanceof UnknownTopicOrPartitionException) ? unwrap(t.getCause()) : t;
  }

  @Override
  public void close() {
    admin.close(java.time.Duration.ofSeconds(2));
  }
}
