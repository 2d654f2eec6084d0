package io.logcast.session.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.EndpointQualifier;
import com.hazelcast.instance.FirewallingNodeContext;
import com.hazelcast.instance.impl.HazelcastInstanceFactory;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.instance.impl.Node;
import com.hazelcast.internal.server.FirewallingServer.FirewallingServerConnectionManager;

/**
 * Cuts real members apart the way Hazelcast's own split-brain tests do (SplitBrainTestSupport):
 * members started with a firewalling server over their real TCP one, which can refuse and close
 * the connections to chosen peers. Test-only: it reaches Hazelcast internals from its test jar.
 */
final class Firewall {
  private Firewall() {}

  static HazelcastInstance start(HazelcastSettings s, String name) {
    Completions.install();
    var config = HazelcastMembers.config(s, name);
    // look for the other side of a split every few seconds, not the default 5 then 2 minutes
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    return HazelcastInstanceFactory.newHazelcastInstance(config, name, new FirewallingNodeContext());
  }

  /** Both ways: no new connection, the current one closed. */
  static void cut(HazelcastInstance a, HazelcastInstance b) {
    manager(a).blockNewConnection(node(b).getThisAddress());
    manager(b).blockNewConnection(node(a).getThisAddress());
    manager(a).closeActiveConnection(node(b).getThisAddress());
    manager(b).closeActiveConnection(node(a).getThisAddress());
  }

  static void heal(HazelcastInstance a, HazelcastInstance b) {
    manager(a).unblock(node(b).getThisAddress());
    manager(b).unblock(node(a).getThisAddress());
  }

  private static Node node(HazelcastInstance hz) {
    return ((HazelcastInstanceProxy) hz).getOriginal().node;
  }

  private static FirewallingServerConnectionManager manager(HazelcastInstance hz) {
    return (FirewallingServerConnectionManager) node(hz).getServer().getConnectionManager(EndpointQualifier.MEMBER);
  }
}
