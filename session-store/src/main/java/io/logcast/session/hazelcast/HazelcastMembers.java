package io.logcast.session.hazelcast;

import com.hazelcast.client.HazelcastClient;
import com.hazelcast.client.config.ClientConfig;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MergePolicyConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/** Starts this process's Hazelcast: an embedded member (default) or a client of an external cluster. */
public final class HazelcastMembers {
  static final int HEARTBEAT_INTERVAL_SECONDS = 1;
  static final int MAX_NO_HEARTBEAT_SECONDS = 8;
  /**
   * Partitions of the session cluster (Hazelcast's default is 271). A gateway cluster is a few
   * members holding small entries: fewer partitions make a member's join or leave a few dozen
   * migrations instead of hundreds, so the cluster is safe again (see ClusterSafety) sooner.
   * Every member of a cluster must use the same count.
   */
  static final int PARTITION_COUNT = 71;
  private HazelcastMembers() {}

  /** Blocks until joined: call it off any event loop. */
  public static HazelcastInstance start(HazelcastSettings s, String instanceName) {
    Completions.install();
    return s.mode() == HazelcastSettings.Mode.CLIENT ? client(s, instanceName) : member(s, instanceName);
  }

  static HazelcastInstance member(HazelcastSettings s, String instanceName) {
    return Hazelcast.newHazelcastInstance(config(s, instanceName));
  }

  /** A member's whole configuration (tests start members from it with network changes). */
  static Config config(HazelcastSettings s, String instanceName) {
    Config c = new Config();
    c.setClusterName(s.clusterName());
    c.setInstanceName(instanceName);
    quiet(c);
    c.getNetworkConfig().setPort(s.port()).setPortAutoIncrement(false);
    // one interface, never all of them unless asked (HazelcastSettings.ANY_ADDRESS): port 5701
    // has no authentication in Hazelcast open source, so it must not face a public network
    if (!s.bindsAnyAddress()) {
      c.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(s.bindAddress());
      c.getNetworkConfig().setPublicAddress(s.bindAddress() + ":" + s.port());
      c.setProperty("hazelcast.socket.bind.any", "false");
    }
    JoinConfig join = c.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    if (s.kubernetesServiceDns() != null) {
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", s.kubernetesServiceDns());
    } else {
      join.getTcpIpConfig().setEnabled(true).setMembers(s.members());
    }
    String protection = SplitBrainGuard.configure(c, s.minClusterSize());
    c.addMapConfig(new MapConfig(HazelcastSessionStore.MAP).setBackupCount(s.backupCount())
        .setMergePolicyConfig(mergePolicy(SessionMergePolicy.class))
        // bounded per member: clients that hello and leave cannot make members hold sessions without end
        .setEvictionConfig(new com.hazelcast.config.EvictionConfig()
            .setEvictionPolicy(com.hazelcast.config.EvictionPolicy.LRU)
            .setMaxSizePolicy(com.hazelcast.config.MaxSizePolicy.PER_NODE)
            .setSize(s.maxSessionsPerMember())));
    // every operation on keys is a reservation, a result or a release: none may fork
    c.addMapConfig(new MapConfig(HazelcastIdempotencyStore.MAP).setBackupCount(s.backupCount())
        .setMergePolicyConfig(mergePolicy(IdempotencyMergePolicy.class))
        .setSplitBrainProtectionName(protection));
    c.addMapConfig(new MapConfig(HazelcastPrincipalConnections.MAP).setBackupCount(s.backupCount()));
    serialization(c.getSerializationConfig());
    return c;
  }

  private static MergePolicyConfig mergePolicy(Class<?> policy) {
    return new MergePolicyConfig(policy.getName(), MergePolicyConfig.DEFAULT_BATCH_SIZE);
  }

  static HazelcastInstance client(HazelcastSettings s, String instanceName) {
    ClientConfig c = new ClientConfig();
    c.setClusterName(s.clusterName());
    c.setInstanceName(instanceName);
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.getNetworkConfig().setAddresses(s.members());
    serialization(c.getSerializationConfig());
    return HazelcastClient.newHazelcastClient(c);
  }

  private static void quiet(Config c) {
    c.setProperty("hazelcast.logging.type", "slf4j");
    c.setProperty("hazelcast.phone.home.enabled", "false");
    // the gateway drains and then shuts Hazelcast down itself, in that order
    c.setProperty("hazelcast.shutdownhook.enabled", "false");
    // a dead member must be noticed in seconds, not the default minute: until then the sessions
    // it owned are unreachable and resumes fall back to the clients' own positions
    c.setProperty("hazelcast.heartbeat.interval.seconds", Integer.toString(HEARTBEAT_INTERVAL_SECONDS));
    c.setProperty("hazelcast.max.no.heartbeat.seconds", Integer.toString(MAX_NO_HEARTBEAT_SECONDS));
    c.setProperty("hazelcast.partition.count", Integer.toString(PARTITION_COUNT));
  }

  private static void serialization(SerializationConfig c) {
    c.setJavaSerializationFilterConfig(SerializationFilter.config());
    c.addDataSerializableFactory(SessionDataFactory.FACTORY_ID, new SessionDataFactory());
    c.getCompactSerializationConfig().addSerializer(new SessionSerializer());
    c.getCompactSerializationConfig().addSerializer(new SubscriptionSerializer());
  }
}
