package io.logcast.gateway.config;

import java.util.Locale;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/** Names whose values must never be printed. */
final class Secret {
  static final String MASK = "****";

  private Secret() {}

  /** Kafka's own PASSWORD-typed properties, plus anything whose name says it is a secret. */
  static boolean isSecretName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("password") || n.contains("secret") || n.contains("jaas") || n.contains("token")
        || n.contains("credentials") || n.contains("passphrase") || n.contains("private.key")
        || n.contains("keystore.key") || isKafkaPassword(n);
  }

  private static boolean isKafkaPassword(String name) {
    for (ConfigDef def : new ConfigDef[] {ConsumerConfig.configDef(), ProducerConfig.configDef(),
        AdminClientConfig.configDef()}) {
      ConfigDef.ConfigKey key = def.configKeys().get(name);
      if (key != null && key.type == ConfigDef.Type.PASSWORD) {
        return true;
      }
    }
    return false;
  }
}
