package io.logcast.session.hazelcast;

import java.util.List;

/**
 * How to reach the session cluster.
 *
 * @param mode        {@code EMBEDDED}: this process is a member; {@code CLIENT}: an external cluster
 * @param members     TCP-IP join list (embedded) or cluster addresses (client), {@code host:port}
 * @param port        the embedded member's port
 * @param bindAddress interface the member binds and advertises (e.g. 127.0.0.1), or null for any
 * @param kubernetesServiceDns headless service for Kubernetes DNS discovery (replaces {@code members})
 */
public record HazelcastSettings(
    Mode mode,
    String clusterName,
    List<String> members,
    int port,
    String bindAddress,
    String kubernetesServiceDns,
    int backupCount) {
  public static final String DEFAULT_CLUSTER_NAME = "logcast";
  public static final int DEFAULT_PORT = 5701;
  public static final int DEFAULT_BACKUP_COUNT = 1;

  public enum Mode { EMBEDDED, CLIENT }

  public HazelcastSettings {
    members = List.copyOf(members);
  }
}
