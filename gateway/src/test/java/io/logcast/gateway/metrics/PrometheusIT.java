package io.logcast.gateway.metrics;

import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Prometheus scrapes a live gateway under a small load; then every panel query of the
 * Grafana dashboard must return data and every alert expression must parse and evaluate. The
 * panels' data is written to target/dashboard-data/ (docs/img's pictures are drawn from it).
 * That Prometheus adds no Kubernetes labels; a second one scrapes the same gateway as two releases
 * in two namespaces, for the dashboard's chained variables.
 */
class PrometheusIT {
  static final Path RULES = Path.of("..", "helm", "logcast", "rules", "logcast.rules.yaml");
  /** Longer runs give better pictures: -Dlogcast.prometheusIT.loadSeconds=120. */
  private static final int LOAD_SECONDS = Integer.getInteger("logcast.prometheusIT.loadSeconds", 15);
  private static final int WINDOW_SECONDS = 30;

  private static GatewayFixture gw;
  private static PrometheusServer prometheus;
  private static PrometheusServer cluster;
  private static String named;
  private static long loadEnd;

  @BeforeAll
  static void start() throws Exception {
    named = GatewayFixture.topic(3);
    gw = GatewayFixture.start(Map.of("metrics.topicTags", "true", "metrics.topics", named,
        "limits.maxKeyLength", "64"));
    prometheus = PrometheusServer.start(Path.of("target", "prometheus-it"),
        "127.0.0.1:" + gw.node().managementPort(), RULES);
    cluster = PrometheusServer.start(Path.of("target", "prometheus-it-cluster"),
        "127.0.0.1:" + gw.node().managementPort(), null, List.of(
            new PrometheusServer.Job("logcast-a", Map.of("namespace", "team-a", "pod", "logcast-a-0")),
            new PrometheusServer.Job("logcast-b", Map.of("namespace", "team-b", "pod", "logcast-b-0"))));
    new Load(gw, named, GatewayFixture.topic(1)).run(LOAD_SECONDS);
    // the gateway runs in this JVM: a collection during the window, so the GC panel has a pause to
    // show even when the load was too light to cause one (the series appears at the first pause)
    System.gc();
    loadEnd = System.currentTimeMillis() / 1000;
    // a few more scrapes so every rate window holds the end of the load
    prometheus.awaitScrapeAt(loadEnd + 5, 30_000);
    cluster.awaitScrapeAt(loadEnd + 5, 30_000);
  }

  @AfterAll
  static void stop() throws Exception {
    if (prometheus != null) {
      prometheus.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    if (gw != null) {
      gw.close();
    }
  }

  /** Variables at All ({@code .*}) on series without namespace and pod labels: the plain-Prometheus case. */
  @Test
  void everyDashboardPanelReturnsData() throws Exception {
    JsonNode dashboard = Dashboard.read();
    assertThat(Dashboard.queries(dashboard)).hasSizeGreaterThan(30);
    JsonArray dump = new JsonArray();
    List<String> failures = runPanels(prometheus, Dashboard.all(Dashboard.variables(dashboard)), dump);
    Files.createDirectories(Path.of("target", "dashboard-data"));
    Files.writeString(Path.of("target", "dashboard-data", "panels.json"), dump.encodePrettily());
    assertThat(failures).as("panels whose query fails or returns nothing").isEmpty();
  }

  /**
   * As Grafana resolves chained variables: each one's query with the values chosen before it, then
   * its first value chosen. One release's namespace leaves one job, one pod, one instance, and the
   * panels still return data, for that release only.
   */
  @Test
  void theVariablesChainAcrossReleases() throws Exception {
    List<Dashboard.Variable> variables = Dashboard.variables(Dashboard.read());
    assertThat(variables).extracting(Dashboard.Variable::name).containsExactly("namespace", "job", "pod", "instance");
    Map<String, String> all = Dashboard.all(variables);
    Map<String, String> chosen = new LinkedHashMap<>(all);
    Map<String, List<String>> seen = new LinkedHashMap<>();
    for (Dashboard.Variable v : variables) {
      List<String> values = labelValues(cluster, v, chosen);
      seen.put(v.name(), values);
      assertThat(values).as(v.name()).isNotEmpty();
      chosen.put(v.name(), Dashboard.selected(values.get(0)));
    }
    assertThat(seen.get("namespace")).containsExactly("team-a", "team-b");
    assertThat(seen.get("job")).containsExactly("logcast-a");
    assertThat(seen.get("pod")).containsExactly("logcast-a-0");
    assertThat(seen.get("instance")).containsExactly("127.0.0.1:" + gw.node().managementPort());
    assertThat(runPanels(cluster, chosen, new JsonArray())).as("panels for one release").isEmpty();

    String ready = Dashboard.queries(Dashboard.read()).stream().filter(q -> q.panel().equals("Ready instances"))
        .findFirst().orElseThrow().expr();
    assertThat(value(cluster, Dashboard.substitute(ready, chosen), loadEnd + 5)).isEqualTo(1);
    assertThat(value(cluster, Dashboard.substitute(ready, all), loadEnd + 5)).isEqualTo(2);
  }

  /** Without Kubernetes labels namespace and pod have no values (Grafana offers only All); the rest do. */
  @Test
  void theVariablesWithoutKubernetesLabels() throws Exception {
    List<Dashboard.Variable> variables = Dashboard.variables(Dashboard.read());
    Map<String, String> all = Dashboard.all(variables);
    for (Dashboard.Variable v : variables) {
      List<String> values = labelValues(prometheus, v, all);
      assertThat(values).as(v.name()).hasSize(v.name().equals("namespace") || v.name().equals("pod") ? 0 : 1);
    }
  }

  private static List<String> labelValues(PrometheusServer server, Dashboard.Variable v, Map<String, String> values) {
    JsonObject answer = server.labelValues(v.label(), Dashboard.substitute(v.match(), values));
    assertThat(answer.getString("status")).as(v.name() + ": " + answer.getString("error")).isEqualTo("success");
    return answer.getJsonArray("data").stream().map(String::valueOf).sorted().toList();
  }

  /** Runs every panel query with the variables at {@code values}; returns the failures, adds results to dump. */
  private static List<String> runPanels(PrometheusServer server, Map<String, String> values, JsonArray dump)
      throws IOException {
    long end = loadEnd + 5;
    long start = end - Math.max(WINDOW_SECONDS, LOAD_SECONDS + 5);
    List<String> failures = new ArrayList<>();
    for (Dashboard.Query q : Dashboard.queries(Dashboard.read())) {
      String expr = Dashboard.substitute(q.expr(), 1, 1, values);
      assertThat(expr).as(q.panel()).doesNotContain("$");
      JsonObject answer = q.instant() ? server.query(expr, end) : server.queryRange(expr, start, end, 1);
      JsonArray result = answer.getJsonObject("data", new JsonObject()).getJsonArray("result", new JsonArray());
      if (!"success".equals(answer.getString("status"))) {
        failures.add(q.panel() + ": " + answer.getString("error") + " in " + expr);
      } else if (result.isEmpty()) {
        failures.add(q.panel() + ": no data for " + expr);
      }
      dump.add(new JsonObject().put("panel", q.panel()).put("type", q.type()).put("legend", q.legend())
          .put("expr", expr).put("result", result));
    }
    return failures;
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
    return value(prometheus, expr, t);
  }

  private static double value(PrometheusServer server, String expr, long t) {
    JsonArray result = server.query(expr, t).getJsonObject("data").getJsonArray("result");
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
