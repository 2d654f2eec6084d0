package io.logcast.session.hazelcast;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.logcast.session.PrincipalConnections;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-principal counts cluster-wide: one entry per principal (session id → holder), changed only by
 * entry processors on the key's owner, so two instances admitting the same principal at once
 * cannot both take the last place. Holders carry their member's UUID: when a member leaves, the
 * survivors forget its holders, so a crashed instance does not leak places.
 */
public final class HazelcastPrincipalConnections implements PrincipalConnections {
  public static final String MAP = "logcast.connections";
  private static final Logger LOG = LoggerFactory.getLogger(HazelcastPrincipalConnections.class);

  private final IMap<String, HashMap<String, String>> map;
  private final String prefix;

  public HazelcastPrincipalConnections(HazelcastInstance hz) {
    this.map = hz.getMap(MAP);
    this.prefix = hz.getLocalEndpoint().getUuid() + ":";
    // clients see member events too; but a client-mode gateway that dies is no member, so nobody
    // forgets its holders (a documented limit of client mode, docs/operations.md)
    hz.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        // nothing to do: a new member holds nothing yet
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        forget(event.getMember().getUuid() + ":");
      }
    });
  }

  /** Off the Hazelcast event thread: a scan over every entry must not delay other events. */
  private void forget(String holderPrefix) {
    CompletableFuture.runAsync(() -> map.executeOnEntries(new ConnectionHolds.Forget(holderPrefix)))
        .exceptionally(e -> {
          LOG.warn("could not forget the connections of a departed member: {}", e.toString());
          return null;
        });
  }

  @Override
  public CompletionStage<Boolean> acquire(String principal, String sessionId, String holder, int limit) {
    return Completions.direct(map.submitToKey(principal, new ConnectionHolds.Acquire(sessionId, holder, limit)));
  }

  @Override
  public CompletionStage<Void> release(String principal, String sessionId, String holder) {
    return Completions.direct(map.submitToKey(principal, new ConnectionHolds.Release(sessionId, holder))).thenApply(v -> null);
  }

  @Override
  public String holderPrefix() {
    return prefix;
  }
}
