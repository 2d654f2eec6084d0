package io.logcast.gateway.node;

import com.hazelcast.core.HazelcastInstance;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.config.SessionConfig;
import io.logcast.session.ClusterBus;
import io.logcast.session.IdempotencyStore;
import io.logcast.session.InMemoryIdempotencyStore;
import io.logcast.session.InMemoryPrincipalConnections;
import io.logcast.session.PrincipalConnections;
import io.logcast.session.InMemorySessionStore;
import io.logcast.session.LocalClusterBus;
import io.logcast.session.SessionStore;
import io.logcast.session.hazelcast.ClusterSafety;
import io.logcast.session.hazelcast.HazelcastClusterBus;
import io.logcast.session.hazelcast.HazelcastIdempotencyStore;
import io.logcast.session.hazelcast.HazelcastMembers;
import io.logcast.session.hazelcast.HazelcastPrincipalConnections;
import io.logcast.session.hazelcast.HazelcastSessionStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;

/** A node's sessions, idempotency keys and cluster bus: on Hazelcast (default) or in this process. */
final class SessionBackend implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SessionBackend.class);
  /** A joining member is ready once its cluster is safe, or after this long whatever the state. */
  private static final Duration SETTLE_AT_JOIN_MAX = Duration.ofSeconds(120);
  /** A leaving member waits this long at most for a safe cluster before it shuts Hazelcast down. */
  private static final Duration SETTLE_BEFORE_LEAVING_MAX = Duration.ofSeconds(10);

  final SessionStore sessions;
  final IdempotencyStore idempotency;
  final ClusterBus bus;
  final PrincipalConnections connections;
  private final HazelcastInstance hz;
  /** Null with the memory store and in Hazelcast client mode (a client holds no replicas). */
  private final ClusterSafety safety;

  private SessionBackend(SessionStore sessions, IdempotencyStore idempotency, ClusterBus bus,
      PrincipalConnections connections, HazelcastInstance hz, boolean member) {
    this.sessions = sessions;
    this.idempotency = idempotency;
    this.bus = bus;
    this.connections = connections;
    this.hz = hz;
    this.safety = hz != null && member ? new ClusterSafety(hz) : null;
    if (safety != null) {
      safety.watchJoin(SETTLE_AT_JOIN_MAX);
    }
  }

  static Future<SessionBackend> start(Vertx vertx, GatewayConfig config) {
    SessionConfig s = config.session();
    Duration ttl = Duration.ofSeconds(s.ttlSeconds());
    if (s.store() == SessionConfig.Store.MEMORY) {
      return Future.succeededFuture(new SessionBackend(new InMemorySessionStore(ttl),
          new InMemoryIdempotencyStore(s.maxIdempotencyKeys()), new LocalClusterBus(),
          new InMemoryPrincipalConnections(), null, false));
    }
    // joining blocks for seconds: a worker thread, never an event loop
    return vertx.executeBlocking(() -> HazelcastMembers.start(s.hazelcast(), "logcast-" + config.nodeId()))
        .map(hz -> new SessionBackend(new HazelcastSessionStore(hz, ttl), new HazelcastIdempotencyStore(hz, s.maxIdempotencyKeys()),
            new HazelcastClusterBus(hz), new HazelcastPrincipalConnections(hz), hz,
            s.hazelcast().mode() == io.logcast.session.hazelcast.HazelcastSettings.Mode.EMBEDDED));
  }

  /** The session store's maps, as the {@code map} tag of their gauges. */
  enum StoreMap {
    SESSIONS(HazelcastSessionStore.MAP), CONNECTIONS(HazelcastPrincipalConnections.MAP),
    IDEMPOTENCY(HazelcastIdempotencyStore.MAP);

    final String mapName;

    StoreMap(String mapName) {
      this.mapName = mapName;
    }
  }

  /** Entries of {@code map} this member owns (not its backups); 0 with the memory store or as a client. */
  double ownedEntries(StoreMap map) {
    return safety == null ? 0 : hz.getMap(map.mapName).getLocalMapStats().getOwnedEntryCount();
  }

  /** Heap those entries take (Hazelcast's own estimate, binary format); 0 as above. */
  double ownedBytes(StoreMap map) {
    return safety == null ? 0 : hz.getMap(map.mapName).getLocalMapStats().getOwnedEntryMemoryCost();
  }

  /** Runs {@code action} (on a Hazelcast thread) each time this member's cluster heals from a split. */
  void onMerged(Runnable action) {
    if (hz != null) {
      hz.getLifecycleService().addLifecycleListener(e -> {
        if (e.getState() == com.hazelcast.core.LifecycleEvent.LifecycleState.MERGED) {
          action.run();
        }
      });
    }
  }

  /** Members of the session cluster this node sees (1 in memory mode). */
  int clusterSize() {
    return hz == null ? 1 : hz.getCluster().getMembers().size();
  }

  /** Joined, and (as a member) the cluster has been safe once since: see {@link ClusterSafety}. */
  boolean joined() {
    return hz == null || (hz.getLifecycleService().isRunning() && (safety == null || safety.settled()));
  }

  @Override
  public void close() {
    if (hz != null && hz.getLifecycleService().isRunning()) {
      if (safety != null && !safety.await(SETTLE_BEFORE_LEAVING_MAX)) {
        LOG.warn("session cluster not safe after {} s; leaving anyway", SETTLE_BEFORE_LEAVING_MAX.toSeconds());
      }
      hz.shutdown();
    }
  }
}
