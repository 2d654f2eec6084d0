package io.logcast.session.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import io.logcast.session.ClusterBus;
import java.util.function.Consumer;

/** The bus over Hazelcast topics: every member and client that subscribed gets each message. */
public final class HazelcastClusterBus implements ClusterBus {
  private static final String PREFIX = "logcast.bus.";
  private final HazelcastInstance hz;

  public HazelcastClusterBus(HazelcastInstance hz) {
    this.hz = hz;
  }

  @Override
  public void publish(String channel, String message) {
    hz.<String>getTopic(PREFIX + channel).publishAsync(message);
  }

  @Override
  public void subscribe(String channel, Consumer<String> listener) {
    hz.<String>getTopic(PREFIX + channel).addMessageListener(m -> listener.accept(m.getMessageObject()));
  }
}
