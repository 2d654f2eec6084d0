package io.logcast.gateway.metrics;

import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes a live gateway under a small load; then every panel query of the
 * Grafana dashboard must return data and every alert expression must parse and evaluate. The
 * panels' data is written to target/dashboard-data/ (docs/img's pictures are drawn from it).
 */
class PrometheusIT {
  static final Path RULES = Path.of("..", "helm", "logcast", "rules", "logcast.rules.yaml");
  /** Longer runs give better pictures: -Dlogcast.prometheusIT.loadSeconds=120. */
  private static final int LOAD_SECONDS = Integer.getInteger("logcast.prometheusIT.loadSeconds", 15);
  private static final int WINDOW_SECONDS = 30;

  private static GatewayFixture gw;
  private static PrometheusServer prometheus;
  private static String named;
  private static long loadEnd;

  @BeforeAll
  static void start() throws Exception {
    named = GatewayFixture.topic(3);
    gw = GatewayFixture.start(Map.of("metrics.topicTags", "true", "metrics.topics", named,
        "limits.maxKeyLength", "64"));
    prometheus = PrometheusServer.start(Path.of("target", "prometheus-it"),
        "127.0.0.1:" + gw.node().managementPort(), RULES);
    new Load(gw, named, GatewayFixture.topic(1)).run(LOAD_SECONDS);
    loadEnd = System.currentTimeMillis() / 1000;
    // a few more scrapes so every rate window holds the end of the load
    prometheus.awaitScrapeAt(loadEnd + 5, 30_000);
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (gw != null) {
      gw.close();
    }
  }

  @Test
  void everyDashboardPanelReturnsData() throws Exception {
    List<Dashboard.Query> queries = Dashboard.queries(Dashboard.read());
    assertThat(queries).hasSizeGreaterThan(30);
    long end = loadEnd + 5;
    long start = end - Math.max(WINDOW_SECONDS, LOAD_SECONDS + 5);
    List<String> failures = new ArrayList<>();
    JsonArray dump = new JsonArray();
    for (Dashboard.Query q : queries) {
      String expr = Dashboard.substitute(q.expr(), 1, 1);
      assertThat(expr).as(q.panel()).doesNotContain("$");
      JsonObject answer = q.instant() ? prometheus.query(expr, end) : prometheus.queryRange(expr, start, end, 1);
      JsonArray result = answer.getJsonObject("data", new JsonObject()).getJsonArray("result", new JsonArray());
      if (!"success".equals(answer.getString("status"))) {
        failures.add(q.panel() + ": " + answer.getString("error") + " in " + expr);
      } else if (result.isEmpty()) {
        failures.add(q.panel() + ": no data for " + expr);
      }
      dump.add(new JsonObject().put("panel", q.panel()).put("type", q.type()).put("legend", q.legend())
          .put("expr", expr).put("result", result));
    }
    Files.createDirectories(Path.of("target", "dashboard-data"));
    Files.writeString(Path.of("target", "dashboard-data", "panels.json"), dump.encodePrettily());
    assertThat(failures).as("panels whose query fails or returns nothing").isEmpty();
  }

  @Test
  void everyAlertExpressionParsesAndEvaluates() throws Exception {
    List<String> exprs = new ArrayList<>();
    for (JsonNode group : new YAMLMapper().readTree(RULES.toFile()).path("groups")) {
      group.path("rules").forEach(r -> exprs.add(r.path("expr").asText()));
    }
    assertThat(exprs).hasSize(9);
    for (String expr : exprs) {
      JsonObject answer = prometheus.query(expr, loadEnd);
      assertThat(answer.getString("status")).as(expr + ": " + answer.getString("error")).isEqualTo("success");
    }
    // Prometheus loaded the same file and has evaluated each rule without error
    JsonArray groups = prometheus.api("/api/v1/rules").getJsonObject("data").getJsonArray("groups");
    List<String> health = new ArrayList<>();
    groups.forEach(g -> ((JsonObject) g).getJsonArray("rules").forEach(r ->
        health.add(((JsonObject) r).getString("name") + "=" + ((JsonObject) r).getString("health"))));
    assertThat(health).hasSize(9).allSatisfy(h -> assertThat(h).endsWith("=ok"));
  }

  @Test
  void theLoadShowsInTheMetrics() {
    long t = loadEnd + 5;
    assertThat(value("sum(logcast_messages_delivered_total{topic=\"" + named + "\"})", t)).isGreaterThan(0);
    assertThat(value("sum(logcast_messages_delivered_total{topic=\"other\"})", t)).isGreaterThan(0);
    assertThat(value("sum(logcast_sessions_resumed_total{outcome=\"recovered\"})", t)).isGreaterThanOrEqualTo(1);
    assertThat(value("sum(logcast_sessions_resumed_total{reason=\"unknown\"})", t)).isGreaterThanOrEqualTo(1);
    assertThat(value("sum(logcast_limit_rejections_total{kind=\"key_length\"})", t)).isGreaterThanOrEqualTo(1);
    assertThat(value("sum(logcast_publish_requests_total{outcome=\"forbidden\"})", t)).isGreaterThanOrEqualTo(1);
    assertThat(value("sum(logcast_connections_closed_total{code=\"1000\",by=\"client\"})", t)).isGreaterThan(0);
    assertThat(value("histogram_quantile(0.5, sum by (le) (logcast_delivery_latency_seconds_bucket))", t))
        .isGreaterThan(0).isLessThan(30);
    assertThat(value("logcast_ready", t)).isEqualTo(1);
  }

  private static double value(String expr, long t) {
    JsonArray result = prometheus.query(expr, t).getJsonObject("data").getJsonArray("result");
    assertThat(result).as(expr).isNotEmpty();
    return Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1));
  }

  /** promtool (from the same package) accepts the file the chart ships. */
  @Test
  void promtoolChecksTheRules() throws Exception {
    Process p = new ProcessBuilder(PrometheusServer.PROMTOOL, "check", "rules", RULES.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("SUCCESS: 9 rules found");
  }

  /** promtool's rule unit tests: each alert fires on the series it is about, and not before its time. */
  @Test
  void promtoolRuleTestsPass() throws Exception {
    Path tests = Path.of("src", "test", "resources", "prometheus", "logcast.rules.test.yaml");
    Path copy = Path.of("target", "prometheus-it", "logcast.rules.test.yaml");
    Files.writeString(copy, Files.readString(tests).replace("RULES_FILE", RULES.toAbsolutePath().toString()));
    Process p = new ProcessBuilder(PrometheusServer.PROMTOOL, "test", "rules", copy.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).contains("SUCCESS");
  }

  static JsonObject resumeHello(String session, String secret) {
    return new JsonObject().put("type", "hello").putNull("token")
        .put("resume", new JsonObject().put("session", session).put("secret", secret)
            .put("subscriptions", new JsonArray()));
  }

  static void subscribeOk(ProtocolClient c, int id, String topic, String key) {
    assertThat(subscribe(c, id, topic, key, "latest").getString("type")).isEqualTo("subscribed");
  }
}
