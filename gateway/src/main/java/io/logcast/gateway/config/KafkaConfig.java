package io.logcast.gateway.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Kafka connection. {@code common} properties go to every client; {@code consumer}, {@code producer}
 * and {@code admin} to that kind only (so SASL/TLS needs no code change).
 */
public record KafkaConfig(
    String bootstrapServers,
    Map<String, String> common,
    Map<String, String> consumer,
    Map<String, String> producer,
    Map<String, String> admin) {

  public KafkaConfig {
    common = Map.copyOf(common);
    consumer = Map.copyOf(consumer);
    producer = Map.copyOf(producer);
    admin = Map.copyOf(admin);
  }

  public Properties consumerProperties(Map<String, Object> ours) {
    return merge(ours, consumer);
  }

  public Properties producerProperties(Map<String, Object> ours) {
    return merge(ours, producer);
  }

  public Properties adminProperties(Map<String, Object> ours) {
    return merge(ours, admin);
  }

  /** Ours first, then the operator's: an operator can override any default, e.g. linger.ms. */
  private Properties merge(Map<String, Object> ours, Map<String, String> specific) {
    Map<String, Object> all = new HashMap<>(ours);
    all.put("bootstrap.servers", bootstrapServers);
    all.putAll(common);
    all.putAll(specific);
    Properties p = new Properties();
    p.putAll(all);
    return p;
  }

  @Override
  public String toString() {
    return "KafkaConfig[bootstrapServers=" + bootstrapServers + ", common=" + masked(common) + ", consumer="
        + masked(consumer) + ", producer=" + masked(producer) + ", admin=" + masked(admin) + "]";
  }

  static Map<String, String> masked(Map<String, String> props) {
    Map<String, String> out = new TreeMap<>();
    props.forEach((k, v) -> out.put(k, Secret.isSecretName(k) ? Secret.MASK : v));
    return out;
  }
}
