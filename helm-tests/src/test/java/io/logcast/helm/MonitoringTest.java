package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the alert rules are wrapped as they are, whatever they hold: the
 * chart's own files, and fuller ones (panels, several rule groups, Prometheus templating).
 */
class MonitoringTest {
  private static final String ON = "prometheusRule: {enabled: true}\ngrafanaDashboard: {enabled: true}\n";

  /** A dashboard with panels and Grafana's own {{...}} legend syntax, which Helm must not touch. */
  private static final String DASHBOARD = """
      {
        "title": "Logcast", "uid": "logcast", "schemaVersion": 39,
        "templating": {"list": [{"name": "pod", "type": "query", "query": "label_values(logcast_connections, pod)"}]},
        "panels": [
          {"id": 1, "type": "timeseries", "title": "Connections",
           "targets": [{"expr": "sum by (pod) (logcast_connections)", "legendFormat": "{{pod}}"}]},
          {"id": 2, "type": "stat", "title": "Delivered/s",
           "targets": [{"expr": "sum(rate(logcast_messages_delivered_total[5m]))"}]}
        ]
      }
      """;

  /** Two groups, with the {{ $labels }} templating alert annotations use. */
  private static final String RULES = """
      groups:
        - name: logcast.availability
          rules:
            - alert: LogcastInstanceNotReady
              expr: up{job=~".*logcast.*"} == 0
              for: 5m
              labels: {severity: critical}
              annotations:
                summary: "Gateway {{ $labels.pod }} is down"
        - name: logcast.load
          rules:
            - record: logcast:connections:sum
              expr: sum(logcast_connections)
            - alert: LogcastSlowClients
              expr: rate(logcast_clients_closed_slow_total[10m]) > 1
              for: 10m
              labels: {severity: warning}
              annotations: {description: "{{ $value }} slow clients closed per second"}
      """;

  @Test
  void theChartsOwnFilesRenderAsTheyAre() throws Exception {
    Rendered r = HelmChart.render(ON);
    ConfigMap dashboard = r.one(ConfigMap.class, HelmChart.FULLNAME + "-dashboard");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    JsonNode shipped = new ObjectMapper().readTree(HelmChart.DIR.resolve("dashboards/logcast.json").toFile());
    assertThat(new ObjectMapper().readTree(dashboard.getData().get("logcast.json"))).isEqualTo(shipped);

    PrometheusRule rule = r.one(PrometheusRule.class, HelmChart.FULLNAME);
    JsonNode shippedRules = HelmChart.YAML.readTree(HelmChart.DIR.resolve("rules/logcast.rules.yaml").toFile());
    assertThat(rule.getSpec().getGroups()).hasSize(shippedRules.path("groups").size());
  }

  @Test
  void fullerDashboardAndRulesRenderUnchanged() throws Exception {
    Rendered r = HelmChart.renderCopy(ON, copy -> {
      Files.writeString(copy.resolve("dashboards/logcast.json"), DASHBOARD);
      Files.writeString(copy.resolve("rules/logcast.rules.yaml"), RULES);
    });
    String json = r.one(ConfigMap.class, HelmChart.FULLNAME + "-dashboard").getData().get("logcast.json");
    assertThat(new ObjectMapper().readTree(json)).isEqualTo(new ObjectMapper().readTree(DASHBOARD));

    var groups = r.one(PrometheusRule.class, HelmChart.FULLNAME).getSpec().getGroups();
    assertThat(groups).extracting(g -> g.getName()).containsExactly("logcast.availability", "logcast.load");
    assertThat(groups.get(0).getRules().get(0).getAnnotations()).containsEntry("summary", "Gateway {{ $labels.pod }} is down");
    assertThat(groups.get(0).getRules().get(0).getFor()).isEqualTo("5m");
    assertThat(groups.get(1).getRules().get(0).getRecord()).isEqualTo("logcast:connections:sum");
    assertThat(groups.get(1).getRules().get(1).getExpr().getStrVal()).isEqualTo("rate(logcast_clients_closed_slow_total[10m]) > 1");
  }

  @Test
  void theDashboardLabelAndNamespaceAreConfigurable() {
    ConfigMap cm = HelmChart.render("grafanaDashboard: {label: grafana_dashboard_logcast, labelValue: \"yes\", namespace: monitoring}")
        .one(ConfigMap.class, HelmChart.FULLNAME + "-dashboard");
    assertThat(cm.getMetadata().getLabels()).containsEntry("grafana_dashboard_logcast", "yes").doesNotContainKey("grafana_dashboard");
    assertThat(cm.getMetadata().getNamespace()).isEqualTo("monitoring");
  }

  @Test
  void aBrokenRulesFileFailsTheRenderNamingTheFile() {
    String error;
    try {
      HelmChart.renderCopy(ON, copy -> Files.writeString(copy.resolve("rules/logcast.rules.yaml"), "groups: [\n  - {"));
      error = null;
    } catch (RuntimeException e) {
      error = e.getMessage();
    }
    assertThat(error).contains("rules/logcast.rules.yaml");
  }
}
