package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * prometheusRule.thresholds tune the shipped rules without forking them; the file itself (which
 * promtool tests in PrometheusIT) keeps the defaults, and every alert links an absolute runbook
 * that exists in docs/operations.md.
 */
class AlertTuningTest {
  private static final String ON = "prometheusRule:\n  enabled: true\n";

  private static Map<String, Rule> alerts(Rendered r) {
    Map<String, Rule> out = new HashMap<>();
    r.one(PrometheusRule.class, HelmChart.FULLNAME).getSpec().getGroups()
        .forEach(g -> g.getRules().forEach(rule -> out.put(rule.getAlert(), rule)));
    return out;
  }

  private static String expr(Rule r) {
    return r.getExpr().getStrVal();
  }

  @Test
  void defaultsRenderTheRuleFileAsItIsPlusRunbookUrls() throws Exception {
    Map<String, Rule> rendered = alerts(HelmChart.render(ON));
    JsonNode file = HelmChart.YAML.readTree(HelmChart.DIR.resolve("rules/logcast.rules.yaml").toFile());
    int n = 0;
    for (JsonNode group : file.path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        Rule r = rendered.get(rule.path("alert").asText());
        assertThat(expr(r)).isEqualTo(rule.path("expr").asText());
        assertThat(r.getFor()).isEqualTo(rule.path("for").asText());
        Map<String, String> annotations = HelmChart.YAML.convertValue(rule.path("annotations"), Map.class);
        assertThat(r.getAnnotations()).containsAllEntriesOf(annotations).hasSize(annotations.size() + 1);
        n++;
      }
    }
    assertThat(n).isEqualTo(rendered.size()).isEqualTo(9);
  }

  @Test
  void everyThresholdIsAValue() {
    Map<String, Rule> a = alerts(HelmChart.render(ON + """
          thresholds:
            liveTailStalledSeconds: 120
            inboxOverflows: 3
            deliveryLatencyP99Seconds: 0.5
            consumerLagRecords: 1000000
            resumeFailureRatio: 0.35
            resumeMinPerSecond: 1
            slowClientCloses: 100
        """));
    assertThat(expr(a.get("LogcastLiveTailStalled"))).endsWith("(logcast_live_poll_age_seconds) > 120");
    assertThat(a.get("LogcastLiveTailStalled").getAnnotations().get("description")).contains("for more than 120 s:")
        .doesNotContain("a minute");
    assertThat(expr(a.get("LogcastInboxOverflows"))).endsWith("[10m])) > 3");
    assertThat(expr(a.get("LogcastDeliveryLatencyHigh"))).endsWith("[5m]))) > 0.5");
    assertThat(a.get("LogcastDeliveryLatencyHigh").getAnnotations().get("description")).contains("above 0.5 s for 10 minutes");
    // a large count stays a plain number (Helm holds values as float64: 1e+06 would not parse)
    assertThat(expr(a.get("LogcastConsumerLagGrowing"))).contains("(logcast_consumer_lag_records) > 1000000 ")
        .contains("[10m:30s]) > 0").doesNotContain("e+");
    assertThat(expr(a.get("LogcastResumeFailures"))).contains("[10m])) > 0.35").endsWith("[10m])) > 1");
    assertThat(a.get("LogcastResumeFailures").getAnnotations().get("description")).startsWith("More than 35% of resume");
    assertThat(expr(a.get("LogcastSlowClientClosesSpiking"))).endsWith("[5m])) > 100");
    // untouched: what has no threshold
    assertThat(expr(a.get("LogcastInstanceNotReady"))).isEqualTo("logcast_ready == 0");
  }

  /** promtool (bin/test installs Prometheus for PrometheusIT) accepts the tuned rules, as it does the file. */
  @Test
  void promtoolAcceptsTunedRules() throws Exception {
    // a new value equal to another threshold's default (0.05) is still applied to its own place only
    Rendered r = HelmChart.render(ON + "  thresholds: {consumerLagRecords: 2500000, resumeFailureRatio: 0.05}\n");
    assertThat(expr(alerts(r).get("LogcastResumeFailures")).split("> 0\\.05", -1)).hasSize(3);
    var groups = r
        .docs().stream().filter(d -> d.path("kind").asText().equals("PrometheusRule")).findFirst().orElseThrow()
        .path("spec");
    var file = Files.createTempFile("tuned", ".rules.yaml");
    try {
      HelmChart.YAML.writeValue(file.toFile(), groups);
      Process p = new ProcessBuilder("/usr/bin/promtool", "check", "rules", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(out).isZero();
      assertThat(out).contains("SUCCESS: 9 rules found");
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void oneThresholdChangesOnlyItsOwnNumber() {
    Map<String, Rule> defaults = alerts(HelmChart.render(ON));
    Map<String, Rule> tuned = alerts(HelmChart.render(ON + "  thresholds: {deliveryLatencyP99Seconds: 10}\n"));
    assertThat(expr(tuned.get("LogcastDeliveryLatencyHigh"))).endsWith(") > 10");
    Set<String> changed = defaults.keySet().stream()
        .filter(k -> !expr(defaults.get(k)).equals(expr(tuned.get(k)))).collect(Collectors.toSet());
    assertThat(changed).containsExactly("LogcastDeliveryLatencyHigh");
  }

  @Test
  void runbookUrlsAreAbsoluteAndPointAtSectionsOfTheOperationsGuide() throws Exception {
    String guide = Files.readString(HelmChart.DIR.resolve("../../docs/operations.md").normalize());
    Set<String> anchors = headingAnchors(guide);
    String base = HelmChart.YAML.readTree(HelmChart.DIR.resolve("values.yaml").toFile())
        .path("prometheusRule").path("runbookBaseUrl").asText();
    assertThat(base).startsWith("https://").endsWith("/docs/operations.md");
    Map<String, Rule> a = alerts(HelmChart.render(ON));
    for (Rule r : a.values()) {
      String url = r.getAnnotations().get("runbook_url");
      assertThat(url).as(r.getAlert()).isEqualTo(base + "#" + r.getAlert().toLowerCase(Locale.ROOT));
      assertThat(anchors).as("docs/operations.md has a heading for " + url).contains(url.substring(url.indexOf('#') + 1));
      // the file's relative link agrees with it
      assertThat(r.getAnnotations().get("runbook")).isEqualTo("docs/operations.md" + url.substring(url.indexOf('#')));
    }
  }

  @Test
  void theRunbookBaseIsAValue() {
    Map<String, Rule> a = alerts(HelmChart.render(ON + "  runbookBaseUrl: https://wiki.example.com/logcast/\n"));
    assertThat(a.get("LogcastResumeFailures").getAnnotations())
        .containsEntry("runbook_url", "https://wiki.example.com/logcast#logcastresumefailures");
    Map<String, Rule> none = alerts(HelmChart.render(ON + "  runbookBaseUrl: \"\"\n"));
    assertThat(none.values()).allSatisfy(r -> assertThat(r.getAnnotations()).doesNotContainKey("runbook_url"));
    assertThat(HelmChart.renderError(ON + "  runbookBaseUrl: docs/operations.md\n")).contains("/prometheusRule/runbookBaseUrl");
  }

  @Test
  void badThresholdsAreRefused() {
    assertThat(HelmChart.renderError(ON + "  thresholds: {resumeFailureRatio: 20}\n")).contains("/prometheusRule/thresholds/resumeFailureRatio");
    assertThat(HelmChart.renderError(ON + "  thresholds: {consumerLagRecords: \"1k\"}\n")).contains("/prometheusRule/thresholds/consumerLagRecords");
    assertThat(HelmChart.renderError(ON + "  thresholds: {latencySeconds: 2}\n")).as("a typo").contains("latencySeconds");
    assertThat(HelmChart.renderError(ON + "  thresholds: {slowClientCloses: null}\n")).as("null deletes the default")
        .contains("slowClientCloses");
  }

  /** If the rule file's number moves, the value would silently stop applying: the render fails instead. */
  @Test
  void aRuleFileOutOfStepWithTheThresholdsFailsTheRender() {
    String error;
    try {
      HelmChart.renderCopy(ON, copy -> {
        var file = copy.resolve("rules/logcast.rules.yaml");
        Files.writeString(file, Files.readString(file).replace("(logcast_live_poll_age_seconds) > 60", "(logcast_live_poll_age_seconds) > 90"));
      });
      error = null;
    } catch (RuntimeException e) {
      error = e.getMessage();
    }
    assertThat(error).contains("LogcastLiveTailStalled must contain \"> 60\" exactly once")
        .contains("prometheusRule.thresholds.liveTailStalledSeconds");
  }

  /** GitHub's anchors: the heading in lower case, spaces to dashes, punctuation dropped. */
  private static Set<String> headingAnchors(String markdown) {
    Matcher m = Pattern.compile("(?m)^#{1,6} (.+)$").matcher(markdown);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
    }
    return Set.copyOf(out);
  }
}
