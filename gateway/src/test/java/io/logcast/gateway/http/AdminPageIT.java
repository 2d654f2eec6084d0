package io.logcast.gateway.http;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.auth.TestTokens;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The admin page (management port, {@code /admin/}) in headless Chromium against two gateways that
 * share a real Hazelcast cluster, on the suite's real broker. Without a credential the page shows
 * the 401; with the admin key it shows both instances, the three connections and the topic's
 * subscriptions; its disconnect closes the principal's connections on both instances with 4003 and
 * its drain closes the other instance's clients with 1012 and turns it not ready. Artifact:
 * {@code target/e2e/admin-page.png} (the screenshot in docs/operations.md).
 */
class AdminPageIT {
  private static final String ADMIN_KEY = "admin-key-for-the-admin-page-test-0123456789";
  private static final String SEL_A = "#instances tr[data-node=\"%s\"] [data-field=\"%s\"]";
  private static final Duration PAGE = Duration.ofSeconds(30);

  private static GatewayFixture a;
  private static GatewayFixture b;
  private static String topic;

  @BeforeAll
  static void start() {
    List<GatewayFixture> pair = GatewayFixture.pair("admin-page-it", settings());
    a = pair.get(0);
    b = pair.get(1);
    topic = GatewayFixture.topic(2);
  }

  private static Map<String, String> settings() {
    Map<String, String> cfg = new HashMap<>();
    cfg.put("auth.mode", "jwt");
    cfg.put("auth.alg", "HS256");
    cfg.put("auth.hs256Secret", TestTokens.SECRET);
    cfg.put("auth.adminKey", ADMIN_KEY);
    cfg.put("auth.origins", "*"); // the test clients send their own origin
    cfg.put("drain.windowMs", "500");
    return cfg;
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
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void thePageShowsTheClusterAndItsActionsWork() throws Exception {
    Path repo = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
    Path work = Files.createDirectories(Path.of("target", "e2e").toAbsolutePath());
    String nodeA = a.node().id();
    String nodeB = b.node().id();
    try (ProtocolClient once = client(a, "dora")) {
      once.send(new JsonObject().put("type", "ping"));
      once.awaitType("pong", WAIT); // then closed with 1000: a row in "closes by code"
    }
    try (ProtocolClient aliceA = client(a, "alice"); ProtocolClient bobA = client(a, "bob");
        ProtocolClient aliceB = client(b, "alice");
        AdminPageDriver page = AdminPageDriver.open(repo.resolve("client-js/e2e"),
            "http://127.0.0.1:" + a.node().managementPort() + "/admin/", work.resolve("admin-page-driver.log"))) {
      for (int i = 0; i < 30; i++) {
        a.produce(topic, "k" + i % 3, "{\"n\":" + i + "}");
      }
      page.waitFor("#message", "^401 unauthorized: paste the admin key", PAGE);

      page.fill("#credential", ADMIN_KEY);
      page.click("#auth button[type=submit]");
      page.waitFor("#scope", "^cluster: 2 instance\\(s\\) answered$", PAGE);
      page.waitFor("#total-connections", "^3$", PAGE);
      page.waitFor(SEL_A.formatted(nodeA, "connections"), "^2$", PAGE);
      page.waitFor(SEL_A.formatted(nodeB, "connections"), "^1$", PAGE);
      page.waitFor("#total-principals", "^3$", PAGE); // alice counts once per instance
      page.waitFor("#topics tr[data-topic=\"" + topic + "\"] [data-field=\"subscriptions\"]", "^3$", PAGE);
      page.waitFor("#total-ready", "^2 / 2$", PAGE);
      page.waitFor("#closes tr[data-code=\"1000\"] [data-field=\"count\"]", "^1$", PAGE);
      for (int i = 30; i < 60; i++) {
        a.produce(topic, "k" + i % 3, "{\"n\":" + i + "}");
      }
      page.waitFor(SEL_A.formatted(nodeA, "delivered-rate"), "^[1-9]", PAGE); // a rate from two refreshes
      page.fill("#subject", "alice");
      page.click("#principal button[type=submit]");
      page.waitFor("#principal-result", "^1 session\\(s\\) of alice on this instance$", PAGE);
      page.screenshot(work.resolve("admin-page.png"));

      page.click("#disconnect");
      page.waitFor("#principal-result", "^Disconnected alice: 1 connection\\(s\\) closed on this instance", PAGE);
      assertThat(aliceA.awaitClose(WAIT)).isEqualTo(4003);
      assertThat(aliceB.awaitClose(WAIT)).isEqualTo(4003);
      page.waitFor("#closes tr[data-code=\"4003\"] [data-field=\"count\"]", "^2$", PAGE);
      page.waitFor("#total-connections", "^1$", PAGE);
      bobA.send(new JsonObject().put("type", "ping"));
      bobA.awaitType("pong", WAIT);

      try (ProtocolClient carolB = client(b, "carol")) {
        page.click("#instances tr[data-node=\"" + nodeB + "\"] button");
        assertThat(carolB.awaitClose(WAIT)).isEqualTo(1012);
        page.waitFor(SEL_A.formatted(nodeB, "ready"), "^DOWN \\(draining\\)$", PAGE);
        page.waitFor(SEL_A.formatted(nodeA, "ready"), "^UP$", PAGE);
        page.waitFor("#total-ready", "^1 / 2$", PAGE);
      }
      page.screenshot(work.resolve("admin-page-after-actions.png"));
    }
  }

  /** An authenticated connection of {@code sub} subscribed to the test topic. */
  private static ProtocolClient client(GatewayFixture gw, String sub) {
    ProtocolClient c = gw.connect();
    JsonArray all = new JsonArray().add(GatewayFixture.ALLOW);
    c.hello(TestTokens.hs256(TestTokens.SECRET, TestTokens.claims(sub, 3_600, all, all)));
    assertThat(GatewayFixture.subscribe(c, 1, topic, null, "latest").getString("type")).isEqualTo("subscribed");
    return c;
  }
}
