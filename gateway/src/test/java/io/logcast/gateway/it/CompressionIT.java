package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** permessage-deflate: off unless configured; when on, it works both ways and inflation is bounded. */
class CompressionIT {
  private static GatewayFixture plain;
  private static GatewayFixture deflate;

  @BeforeAll
  static void start() {
    plain = GatewayFixture.start();
    deflate = GatewayFixture.start(Map.of("server.perMessageDeflate", "true"));
  }

  @AfterAll
  static void stop() {
    plain.close();
    deflate.close();
  }

  private static ProtocolClient compressed(GatewayFixture gw) {
    return ProtocolClient.connect(gw.wsUrl(), Map.of(), null, true);
  }

  @Test
  void offByDefaultTheOfferIsDeclined() {
    try (ProtocolClient c = compressed(plain)) {
      assertThat(c.extensions()).isNull();
      c.hello();
    }
  }

  @Test
  void whenEnabledRequestsAndMessagesFlowCompressed() {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient c = compressed(deflate)) {
      assertThat(c.extensions()).contains("permessage-deflate");
      c.hello();
      subscribe(c, 1, topic, null, null);
      String big = "x".repeat(20_000); // compresses well, arrives whole
      deflate.produce(topic, "k", "{\"v\":\"" + big + "\"}");
      assertThat(c.awaitMessages(1, WAIT).get(0).getJsonObject("data").getString("v")).isEqualTo(big);
    }
  }

  @Test
  void aSmallFrameThatInflatesPastTheLimitCloses1009AndOthersCarryOn() {
    String topic = GatewayFixture.topic(1);
    try (ProtocolClient bomb = compressed(deflate); ProtocolClient bystander = compressed(deflate)) {
      bomb.hello();
      bystander.hello();
      subscribe(bystander, 1, topic, null, null);
      // 32 MiB of one letter deflates to ~32 KiB: one frame, well under the frame limit
      String inflatesTo32MiB = "{\"type\":\"ping\",\"pad\":\"" + "a".repeat(32 << 20) + "\"}";
      try {
        bomb.sendRaw(inflatesTo32MiB);
      } catch (IllegalStateException closedWhileSending) {
        // the gateway may close before the write completes: expected
      }
      assertThat(bomb.awaitClose(WAIT)).isEqualTo(1009);
      deflate.produce(topic, "k", "{\"after\":true}");
      assertThat(bystander.awaitMessages(1, WAIT).get(0).getJsonObject("data").getBoolean("after")).isTrue();
    }
  }
}
