package io.logcast.session;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The bus of a single instance: delivers to this process only. */
public final class LocalClusterBus implements ClusterBus {
  private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

  @Override
  public void publish(String channel, String message) {
    listeners.getOrDefault(channel, List.of()).forEach(l -> l.accept(message));
  }

  @Override
  public void subscribe(String channel, Consumer<String> listener) {
    listeners.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(listener);
  }
}
