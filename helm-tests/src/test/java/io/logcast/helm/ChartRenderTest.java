package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code helm template} output: valid Kubernetes objects, and the parts that matter set right. */
class ChartRenderTest {
  private static final Rendered DEFAULTS = HelmChart.render("{}");
  private static final Rendered ALL_ON = HelmChart.render(Values.ALL_ON);

  @ParameterizedTest
  @ValueSource(strings = {"{}", Values.ALL_ON, Values.KAFKA_SASL_SSL, Values.JWT_RS256, Values.AUTH_NONE})
  void everyDocumentIsAValidKubernetesObject(String values) {
    List<HasMetadata> objects = HelmChart.render(values).objects();
    assertThat(objects).isNotEmpty().allSatisfy(o -> assertThat(o.getMetadata().getName()).startsWith(HelmChart.FULLNAME));
  }

  @Test
  void defaultsRenderTheCorePartsOnly() {
    assertThat(DEFAULTS.names()).containsExactlyInAnyOrder(
        "ConfigMap/lc-logcast", "ConfigMap/lc-logcast-dashboard", "Deployment/lc-logcast",
        "Service/lc-logcast", "Service/lc-logcast-hazelcast", "Service/lc-logcast-management",
        "ServiceAccount/lc-logcast", "PodDisruptionBudget/lc-logcast");
    assertThat(DEFAULTS.deployment().getSpec().getReplicas()).isEqualTo(3);
  }

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
  void probesAreOnTheManagementPort() {
    Container gw = DEFAULTS.gateway();
    assertThat(port(gw, "management")).isEqualTo(9090);
    assertThat(gw.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    assertThat(gw.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(gw.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/live");
    for (Probe p : List.of(gw.getLivenessProbe(), gw.getReadinessProbe(), gw.getStartupProbe())) {
      assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }
    assertThat(DEFAULTS.gatewayConfig()).contains("management:\n  host: 0.0.0.0\n  port: 9090");
  }

  @Test
  void podsDrainWithinTheirGracePeriod() {
    var pod = DEFAULTS.deployment().getSpec().getTemplate().getSpec();
    List<String> preStop = DEFAULTS.gateway().getLifecycle().getPreStop().getExec().getCommand();
    assertThat(preStop).containsExactly("sleep", "5");
    long sleepS = Long.parseLong(preStop.get(1));
    // drain.windowMs < drain.graceMs (the gateway's own check); then the grace period covers preStop + grace
    assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(sleepS + 30_000 / 1000).isEqualTo(45);
    assertThat(DEFAULTS.gatewayConfig()).contains("drain:\n  graceMs: 30000\n  windowMs: 10000");
    // `serve` is what drains on SIGTERM
    assertThat(DEFAULTS.gateway().getArgs()).containsExactly("serve", "--config", "/etc/logcast/logcast.yaml");
  }

  @Test
  void rollingUpdatesReplaceOnePodAtATimeWithoutLosingCapacity() {
    var strategy = DEFAULTS.deployment().getSpec().getStrategy();
    assertThat(strategy.getType()).isEqualTo("RollingUpdate");
    assertThat(strategy.getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
    assertThat(strategy.getRollingUpdate().getMaxUnavailable().getIntVal()).isZero();
    assertThat(DEFAULTS.one(PodDisruptionBudget.class, HelmChart.FULLNAME).getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
  }

  @Test
  void podsRunAsNonRootOnAReadOnlyRootFilesystem() {
    Deployment d = DEFAULTS.deployment();
    var podSc = d.getSpec().getTemplate().getSpec().getSecurityContext();
    assertThat(podSc.getRunAsNonRoot()).isTrue();
    assertThat(podSc.getRunAsUser()).isEqualTo(10001L);
    var sc = DEFAULTS.gateway().getSecurityContext();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(DEFAULTS.gateway().getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
    assertThat(DEFAULTS.gateway().getResources().getLimits()).containsKey("memory");
  }

  @Test
  void podsSpreadOverNodesAndZones() {
    var spec = DEFAULTS.deployment().getSpec().getTemplate().getSpec();
    Map<String, String> podLabels = DEFAULTS.deployment().getSpec().getTemplate().getMetadata().getLabels();
    var anti = spec.getAffinity().getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution().get(0);
    assertThat(anti.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    assertThat(podLabels).containsAllEntriesOf(anti.getPodAffinityTerm().getLabelSelector().getMatchLabels());
    var spread = spec.getTopologySpreadConstraints().get(0);
    assertThat(spread.getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
    assertThat(podLabels).containsAllEntriesOf(spread.getLabelSelector().getMatchLabels());
  }

  @Test
  void headlessServiceSelectsTheGatewayPodsAndTheConfigPointsAtIt() {
    Service hz = DEFAULTS.one(Service.class, HelmChart.FULLNAME + "-hazelcast");
    Map<String, String> podLabels = DEFAULTS.deployment().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(hz.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(hz.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(hz.getSpec().getSelector()).isNotEmpty();
    assertThat(podLabels).containsAllEntriesOf(hz.getSpec().getSelector());
    assertThat(hz.getSpec().getPorts().get(0).getPort()).isEqualTo(port(DEFAULTS.gateway(), "hazelcast")).isEqualTo(5701);
    assertThat(DEFAULTS.gatewayConfig())
        .contains("kubernetesServiceDns: lc-logcast-hazelcast.apps.svc.cluster.local")
        .contains("port: 5701");
  }

  @Test
  void publicAndManagementServicesReachTheirPorts() {
    Map<String, String> podLabels = DEFAULTS.deployment().getSpec().getTemplate().getMetadata().getLabels();
    Service pub = DEFAULTS.one(Service.class, HelmChart.FULLNAME);
    Service mgmt = DEFAULTS.one(Service.class, HelmChart.FULLNAME + "-management");
    assertThat(podLabels).containsAllEntriesOf(pub.getSpec().getSelector()).containsAllEntriesOf(mgmt.getSpec().getSelector());
    assertThat(pub.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("http");
    assertThat(mgmt.getSpec().getPorts().get(0).getTargetPort().getStrVal()).isEqualTo("management");
    assertThat(port(DEFAULTS.gateway(), "http")).isEqualTo(8080);
  }

  @Test
  void serviceAccountHoldsNoToken() {
    assertThat(DEFAULTS.one(ServiceAccount.class, HelmChart.FULLNAME).getAutomountServiceAccountToken()).isFalse();
    var spec = DEFAULTS.deployment().getSpec().getTemplate().getSpec();
    assertThat(spec.getServiceAccountName()).isEqualTo(HelmChart.FULLNAME);
    assertThat(spec.getAutomountServiceAccountToken()).isFalse();
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

  private static int port(Container c, String name) {
    return c.getPorts().stream().filter(p -> p.getName().equals(name)).map(ContainerPort::getContainerPort)
        .findFirst().orElseThrow();
  }
}
