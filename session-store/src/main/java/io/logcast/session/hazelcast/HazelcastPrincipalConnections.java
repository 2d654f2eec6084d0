package io.logcast.session.hazelcast;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.logcast.session.ConnectionsRule;
import io.logcast.session.PrincipalConnections;
import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
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
    CompletableFuture.runAsync(() -> map.executeOnEntries(new Forget(holderPrefix)))
        .exceptionally(e -> {
          LOG.warn("could not forget the connections of a departed member: {}", e.toString());
          return null;
        });
  }

  @Override
  public CompletionStage<Boolean> acquire(String principal, String sessionId, String holder, int limit) {
    return Completions.direct(map.submitToKey(principal, new Acquire(sessionId, holder, limit)));
  }

  @Override
  public CompletionStage<Void> release(String principal, String sessionId, String holder) {
    return Completions.direct(map.submitToKey(principal, new Release(sessionId, holder))).thenApply(v -> null);
  }

  @Override
  public String holderPrefix() {
    return prefix;
  }

  static void store(Map.Entry<String, HashMap<String, String>> entry, HashMap<String, String> held) {
    entry.setValue(held.isEmpty() ? null : held);
  }

  static final class Acquire implements EntryProcessor<String, HashMap<String, String>, Boolean>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String sessionId;
    private final String holder;
    private final int limit;

    Acquire(String sessionId, String holder, int limit) {
      this.sessionId = sessionId;
      this.holder = holder;
      this.limit = limit;
    }

    @Override
    public Boolean process(Map.Entry<String, HashMap<String, String>> entry) {
      HashMap<String, String> held = entry.getValue() == null ? new HashMap<>() : entry.getValue();
      boolean allowed = ConnectionsRule.acquire(held, sessionId, holder, limit);
      if (allowed) {
        store(entry, held);
      }
      return allowed;
    }
  }

  static final class Release implements EntryProcessor<String, HashMap<String, String>, Boolean>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String sessionId;
    private final String holder;

    Release(String sessionId, String holder) {
      this.sessionId = sessionId;
      this.holder = holder;
    }

    @Override
    public Boolean process(Map.Entry<String, HashMap<String, String>> entry) {
      HashMap<String, String> held = entry.getValue();
      if (held != null) {
        ConnectionsRule.release(held, sessionId, holder);
        store(entry, held);
      }
      return Boolean.TRUE;
    }
  }

  static final class Forget implements EntryProcessor<String, HashMap<String, String>, Boolean>, Serializable {
    private static final long serialVersionUID = 1L;
    private final String holderPrefix;

    Forget(String holderPrefix) {
      this.holderPrefix = holderPrefix;
    }

    @Override
    public Boolean process(Map.Entry<String, HashMap<String, String>> entry) {
      HashMap<String, String> held = entry.getValue();
      if (held != null && ConnectionsRule.forget(held, holderPrefix)) {
        store(entry, held);
      }
      return Boolean.TRUE;
    }
  }
}
