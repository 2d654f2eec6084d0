package io.logcast.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
  private static GatewayConfig config(List<String> allow, KafkaConfig kafka) {
    return new GatewayConfig("n", new ServerConfig("h", 1, "/ws", 1, "h", 2, false), kafka, allow,
        new AuthConfig(AuthConfig.Mode.NONE), null, null, null, null, null, null, null, null, null);
  }

  @Test
  void topicsAllowIsAnImmutableCopy() {
    List<String> allow = new ArrayList<>(List.of("orders"));
    GatewayConfig cfg = config(allow, new KafkaConfig("b:1", Map.of(), Map.of(), Map.of(), Map.of()));
    allow.add("chat.*");
    assertThat(cfg.topicsAllow()).containsExactly("orders");
    assertThatThrownBy(() -> cfg.topicsAllow().add("x")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void toStringDoesNotLeakKafkaSecrets() {
    GatewayConfig cfg = config(List.of("orders"),
        new KafkaConfig("b:1", Map.of("sasl.jaas.config", "password=\"hunter2\""), Map.of(), Map.of(), Map.of()));
    assertThat(cfg.toString()).doesNotContain("hunter2").contains("sasl.jaas.config=****", "orders");
  }
}
