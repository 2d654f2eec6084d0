package io.logcast.session.hazelcast;

import java.util.List;

/**
 * How to reach the session cluster.
 *
 * @param mode        {@code EMBEDDED}: this process is a member; {@code CLIENT}: an external cluster
 * @param members     TCP-IP join list (embedded) or cluster addresses (client), {@code host:port}
 * @param port        the embedded member's port
 * @param bindAddress interface the member binds and advertises; null: {@link #DEFAULT_BIND_ADDRESS};
 *                    {@link #ANY_ADDRESS}: every interface (Hazelcast picks the one to advertise)
 * @param kubernetesServiceDns headless service for Kubernetes DNS discovery (replaces {@code members})
 * @param minClusterSize members a member must see to claim sessions and reserve idempotency keys
 *                       (split-brain protection, see {@link SplitBrainGuard}); 1: off
 */
public record HazelcastSettings(
    Mode mode,
    String clusterName,
    List<String> members,
    int port,
    String bindAddress,
    String kubernetesServiceDns,
    int backupCount,
    int minClusterSize,
    int maxSessionsPerMember) {
  public static final String DEFAULT_CLUSTER_NAME = "logcast";
  public static final int DEFAULT_PORT = 5701;
  public static final int DEFAULT_BACKUP_COUNT = 1;
  /** No split-brain protection: a single member (dev mode, tests) is a whole cluster. */
  public static final int DEFAULT_MIN_CLUSTER_SIZE = 1;
  /**
   * Session entries a member keeps (its own, not its backups), about 1-2 KiB each: past it the
   * least recently used go (a resume of one finds no session, as after its TTL). Room for a
   * member's 15,000 connections plus five minutes of reconnect churn at 200 a second.
   */
  public static final int DEFAULT_MAX_SESSIONS_PER_MEMBER = 100_000;
  /**
   * Loopback: a cluster on one host works as it is, and a member is never reachable from another
   * host by accident. A cluster across hosts names each host's private address (the Helm chart
   * passes the pod IP).
   */
  public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
  /** Every interface: only on a host whose every network is trusted (port 5701 has no auth). */
  public static final String ANY_ADDRESS = "0.0.0.0";

  public enum Mode { EMBEDDED, CLIENT }

  public HazelcastSettings {
    members = List.copyOf(members);
    bindAddress = bindAddress == null || bindAddress.isBlank() ? DEFAULT_BIND_ADDRESS : bindAddress.trim();
  }

  /** Without split-brain protection. */
  public HazelcastSettings(Mode mode, String clusterName, List<String> members, int port, String bindAddress,
      String kubernetesServiceDns, int backupCount) {
    this(mode, clusterName, members, port, bindAddress, kubernetesServiceDns, backupCount, DEFAULT_MIN_CLUSTER_SIZE);
  }

  /** With the default session bound. */
  public HazelcastSettings(Mode mode, String clusterName, List<String> members, int port, String bindAddress,
      String kubernetesServiceDns, int backupCount, int minClusterSize) {
    this(mode, clusterName, members, port, bindAddress, kubernetesServiceDns, backupCount, minClusterSize,
        DEFAULT_MAX_SESSIONS_PER_MEMBER);
  }

  public boolean bindsAnyAddress() {
    return ANY_ADDRESS.equals(bindAddress);
  }
}
