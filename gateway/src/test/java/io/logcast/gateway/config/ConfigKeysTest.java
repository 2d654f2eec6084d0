package io.logcast.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfigKeysTest {
  @Test
  void envNameSplitsCamelCaseAndDots() {
    assertThat(ConfigKeys.envName("server.wsPath")).isEqualTo("LOGCAST_SERVER_WS_PATH");
    assertThat(ConfigKeys.envName("node.id")).isEqualTo("LOGCAST_NODE_ID");
    assertThat(ConfigKeys.envName("limits.maxSubscriptionsPerConnection"))
        .isEqualTo("LOGCAST_LIMITS_MAX_SUBSCRIPTIONS_PER_CONNECTION");
    assertThat(ConfigKeys.envName("kafka.bootstrapServers")).isEqualTo("LOGCAST_KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void everyKeyRoundTripsThroughItsEnvironmentName() {
    for (String key : ConfigKeys.KEYS) {
      assertThat(ConfigKeys.keyOfEnv(ConfigKeys.envName(key))).as(key).isEqualTo(key);
    }
  }

  @Test
  void kafkaPassthroughVariablesBecomeDottedLowerCaseProperties() {
    assertThat(ConfigKeys.keyOfEnv("LOGCAST_KAFKA_COMMON_SECURITY_PROTOCOL")).isEqualTo("kafka.common.security.protocol");
    assertThat(ConfigKeys.keyOfEnv("LOGCAST_KAFKA_PRODUCER_LINGER_MS")).isEqualTo("kafka.producer.linger.ms");
    assertThat(ConfigKeys.keyOfEnv("LOGCAST_KAFKA_ADMIN_REQUEST_TIMEOUT_MS")).isEqualTo("kafka.admin.request.timeout.ms");
    assertThat(ConfigKeys.keyOfEnv("LOGCAST_KAFKA_CONSUMER_")).isNull();
    assertThat(ConfigKeys.keyOfEnv("LOGCAST_NOPE")).isNull();
  }

  @Test
  void knownKeys() {
    assertThat(ConfigKeys.isKnown("server.port")).isTrue();
    assertThat(ConfigKeys.isKnown("kafka.consumer.max.poll.records")).isTrue();
    assertThat(ConfigKeys.isKnown("kafka.consumer.")).isFalse();
    assertThat(ConfigKeys.isKnown("kafka.other.x")).isFalse();
    assertThat(ConfigKeys.isKnown("server.prot")).isFalse();
  }
}
