package io.logcast.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaConfigTest {
  private static KafkaConfig withCommon(Map<String, String> common) {
    return new KafkaConfig("b:9092", common, Map.of(), Map.of(), Map.of());
  }

  @Test
  void toStringMasksSecretsAndShowsTheRest() {
    KafkaConfig k = new KafkaConfig("b:9092",
        Map.of("sasl.jaas.config", "PlainLoginModule required password=\"hunter2\";", "security.protocol", "SASL_SSL"),
        Map.of("ssl.keystore.password", "ks-pass", "max.poll.records", "10"),
        Map.of("ssl.truststore.password", "ts-pass"),
        Map.of());
    String s = k.toString();

    assertThat(s).doesNotContain("hunter2", "ks-pass", "ts-pass");
    assertThat(s).contains("sasl.jaas.config=****", "ssl.keystore.password=****", "ssl.truststore.password=****");
    assertThat(s).contains("b:9092", "security.protocol=SASL_SSL", "max.poll.records=10");
  }

  /** Every Kafka client property of type PASSWORD (kafka-clients ConfigDef) holds a secret. */
  @ParameterizedTest
  @ValueSource(strings = {
      "sasl.jaas.config", "ssl.key.password", "ssl.keystore.password", "ssl.truststore.password",
      "sasl.oauthbearer.client.credentials.client.secret",
      "ssl.keystore.key", "sasl.oauthbearer.assertion.private.key.passphrase"})
  void kafkaPasswordPropertiesAreMasked(String name) {
    assertThat(withCommon(Map.of(name, "s3cr3t-value")).toString()).doesNotContain("s3cr3t-value");
  }

  @Test
  void mapsAreCopied() {
    Map<String, String> common = new java.util.HashMap<>(Map.of("a", "1"));
    KafkaConfig k = withCommon(common);
    common.put("b", "2");
    assertThat(k.common()).containsOnlyKeys("a");
  }

  @Test
  void operatorPropertiesOverrideOursAndSpecificOverridesCommon() {
    KafkaConfig k = new KafkaConfig("b:9092", Map.of("client.id", "common", "acks", "1"), Map.of(),
        Map.of("client.id", "producer"), Map.of());
    assertThat(k.producerProperties(Map.of("acks", "all", "bootstrap.servers", "ignored")))
        .containsEntry("acks", "1").containsEntry("client.id", "producer").containsEntry("bootstrap.servers", "b:9092");
    assertThat(k.consumerProperties(Map.of())).containsEntry("client.id", "common");
  }
}
