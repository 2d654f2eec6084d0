package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.it.AuthSupport.connect;
import static io.logcast.gateway.it.AuthSupport.http;
import static io.logcast.gateway.it.AuthSupport.token;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two instances sharing a real (embedded) Hazelcast cluster: an admin disconnect reaches both. */
class AdminClusterIT {
  private static GatewayFixture a;
  private static GatewayFixture b;

  @BeforeAll
  static void start() {
    List<GatewayFixture> pair = GatewayFixture.pair("admin-it", AuthSupport.hs256Config());
    a = pair.get(0);
    b = pair.get(1);
  }

  @AfterAll
  static void stop() {
    if (b != null) {
      b.close();
    }
    if (a != null) {
      a.close();
    }
  }

  @Test
  void disconnectReachesEveryInstance() {
    try (ProtocolClient onA = connect(a); ProtocolClient onB = connect(b); ProtocolClient bobOnB = connect(b)) {
      onA.hello(token("alice"));
      onB.hello(token("alice"));
      bobOnB.hello(token("bob"));
      HttpResponse<String> res = http("POST", a.managementUrl() + "/v1/admin/principals/alice/disconnect",
          Map.of("X-Admin-Key", AuthSupport.ADMIN_KEY), null);
      assertThat(res.statusCode()).isEqualTo(200);
      JsonObject body = new JsonObject(res.body());
      assertThat(body.getInteger("closedHere")).isEqualTo(1);
      assertThat(body.getString("scope")).isEqualTo("cluster");
      assertThat(onA.awaitClose(WAIT)).isEqualTo(4003);
      assertThat(onB.awaitClose(WAIT)).isEqualTo(4003);
      bobOnB.send(new JsonObject().put("type", "ping"));
      bobOnB.awaitType("pong", WAIT);
    }
  }
}
