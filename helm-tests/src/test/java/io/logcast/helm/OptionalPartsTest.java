package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts behind toggles: ingress, autoscaler, network policy, ServiceMonitor. */
class OptionalPartsTest {
  private static final Rendered ALL_ON = HelmChart.render(Values.ALL_ON);

  @Test
  void everyToggleOnRendersEveryPart() {
    for (Class<? extends HasMetadata> kind : List.of(Ingress.class, HorizontalPodAutoscaler.class, NetworkPolicy.class,
        PodDisruptionBudget.class, ServiceMonitor.class, PrometheusRule.class)) {
      assertThat(ALL_ON.has(kind)).as(kind.getSimpleName()).isTrue();
    }
    // the HPA owns the replica count
    assertThat(ALL_ON.deployment().getSpec().getReplicas()).isNull();
  }

  @Test
  void ingressCarriesTheWebSocketAnnotationsOfIngressNginx() {
    Ingress ing = ALL_ON.one(Ingress.class, HelmChart.FULLNAME);
    Map<String, String> a = ing.getMetadata().getAnnotations();
    assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-read-timeout"))).isGreaterThan(25);
    assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-send-timeout"))).isGreaterThan(25);
    assertThat(a).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "off")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-next-upstream", "error timeout http_502 http_503")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "1024k");
    assertThat(ing.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ing.getSpec().getTls().get(0).getSecretName()).isEqualTo("logcast-tls");
    var backend = ing.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService();
    assertThat(backend.getName()).isEqualTo(HelmChart.FULLNAME);
    assertThat(backend.getPort().getName()).isEqualTo("http");
  }

  @Test
  void ingressCarriesWhatServerSentEventsNeedWithoutBreakingWebSockets() {
    Map<String, String> a = HelmChart.render("ingress: {enabled: true}\n").one(Ingress.class, HelmChart.FULLNAME)
        .getMetadata().getAnnotations();
    // a stream lives for hours: the default timeouts are an hour, each event passes unbuffered, over HTTP/1.1
    assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-read-timeout"))).isGreaterThanOrEqualTo(3600);
    assertThat(Integer.parseInt(a.get("nginx.ingress.kubernetes.io/proxy-send-timeout"))).isGreaterThanOrEqualTo(3600);
    assertThat(a).containsEntry("nginx.ingress.kubernetes.io/proxy-buffering", "off")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-http-version", "1.1");
    // nothing that rewrites the upgrade's Connection header, injects config, or pins clients to a pod
    assertThat(a.keySet()).noneMatch(k -> k.endsWith("/connection-proxy-header") || k.endsWith("-snippet")
        || k.endsWith("/affinity") || k.endsWith("/upstream-hash-by"));
  }

  @Test
  void anotherControllerGetsOnlyTheAnnotationsGiven() {
    Ingress ing = HelmChart.render("""
        ingress: {enabled: true, controller: other, className: traefik, annotations: {a.example.com/x: "y"}}
        """).one(Ingress.class, HelmChart.FULLNAME);
    assertThat(ing.getMetadata().getAnnotations()).containsExactly(Map.entry("a.example.com/x", "y"));
    assertThat(ing.getSpec().getIngressClassName()).isEqualTo("traefik");
  }

  @Test
  void userAnnotationsWinOverTheChartsAndTheBodyLimitFollowsTheGateway() {
    Map<String, String> a = HelmChart.render("""
        ingress: {enabled: true, annotations: {nginx.ingress.kubernetes.io/proxy-read-timeout: "7200"}}
        limits: {maxHttpBodyBytes: 4194304}
        """).one(Ingress.class, HelmChart.FULLNAME).getMetadata().getAnnotations();
    assertThat(a).containsEntry("nginx.ingress.kubernetes.io/proxy-read-timeout", "7200")
        .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "4096k");
  }

  @Test
  void autoscalerScalesOnCpuAndConnectionsPerPod() {
    var hpa = ALL_ON.one(HorizontalPodAutoscaler.class, HelmChart.FULLNAME);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(HelmChart.FULLNAME);
    assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
    assertThat(hpa.getSpec().getMetrics()).extracting(m -> m.getType()).containsExactly("Resource", "Pods");
    assertThat(hpa.getSpec().getMetrics().get(0).getResource().getName()).isEqualTo("cpu");
    assertThat(hpa.getSpec().getMetrics().get(1).getPods().getMetric().getName()).isEqualTo("logcast_connections");
    assertThat(hpa.getSpec().getMetrics().get(1).getPods().getTarget().getAverageValue().getAmount()).isEqualTo("10000");
  }

  @Test
  void networkPolicyLetsOnlyTheGatewaysReachHazelcast() {
    var np = ALL_ON.one(NetworkPolicy.class, HelmChart.FULLNAME);
    Map<String, String> podLabels = ALL_ON.deployment().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());
    var rules = np.getSpec().getIngress();
    assertThat(rules).extracting(r -> r.getPorts().get(0).getPort().getStrVal()).containsExactly("http", "management", "hazelcast");
    assertThat(rules.get(0).getFrom().get(0).getNamespaceSelector().getMatchLabels())
        .containsEntry("kubernetes.io/metadata.name", "ingress-nginx");
    assertThat(rules.get(2).getFrom()).hasSize(1);
    assertThat(rules.get(2).getFrom().get(0).getPodSelector().getMatchLabels()).isEqualTo(np.getSpec().getPodSelector().getMatchLabels());
  }

  @Test
  void serviceMonitorScrapesTheManagementService() {
    var sm = ALL_ON.one(ServiceMonitor.class, HelmChart.FULLNAME);
    Service mgmt = ALL_ON.one(Service.class, HelmChart.FULLNAME + "-management");
    Service pub = ALL_ON.one(Service.class, HelmChart.FULLNAME);
    assertThat(mgmt.getMetadata().getLabels()).containsAllEntriesOf(sm.getSpec().getSelector().getMatchLabels());
    assertThat(pub.getMetadata().getLabels()).doesNotContainEntry("app.kubernetes.io/component", "management");
    assertThat(sm.getSpec().getEndpoints().get(0).getPort()).isEqualTo("management");
    assertThat(sm.getSpec().getEndpoints().get(0).getPath()).isEqualTo("/metrics");
  }
}
