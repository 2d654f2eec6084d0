package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code helm template} output: valid Kubernetes objects, and the parts that matter set right. */
class ChartRenderTest {
  private static final Rendered DEFAULTS = HelmChart.render("{}");

  @ParameterizedTest
  @ValueSource(strings = {"{}", Values.ALL_ON, Values.KAFKA_SASL_SSL, Values.JWT_RS256, Values.AUTH_NONE,
      Values.OPERATOR_EXTRAS + Values.OPERATOR_LABELS})
  void everyDocumentIsAValidKubernetesObject(String values) {
    List<HasMetadata> objects = HelmChart.render(values).objects();
    assertThat(objects).isNotEmpty().allSatisfy(o -> assertThat(o.getMetadata().getName()).startsWith(HelmChart.FULLNAME));
  }

  @Test
  void defaultsRenderTheCorePartsOnly() {
    assertThat(DEFAULTS.names()).containsExactlyInAnyOrder(
        "ConfigMap/lc-logcast", "ConfigMap/lc-logcast-dashboard", "Deployment/lc-logcast",
        "Service/lc-logcast", "Service/lc-logcast-hazelcast", "Service/lc-logcast-management",
        "ServiceAccount/lc-logcast", "PodDisruptionBudget/lc-logcast", "NetworkPolicy/lc-logcast");
    assertThat(DEFAULTS.deployment().getSpec().getReplicas()).isEqualTo(3);
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

  private static int port(Container c, String name) {
    return c.getPorts().stream().filter(p -> p.getName().equals(name)).map(ContainerPort::getContainerPort)
        .findFirst().orElseThrow();
  }
}
