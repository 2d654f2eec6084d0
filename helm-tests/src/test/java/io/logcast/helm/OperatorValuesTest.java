package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What operators add to every pod and object of theirs: volumes, envFrom, init and sidecar
 * containers, labels, and relabelings of the scrape. Each renders where Kubernetes reads it.
 */
class OperatorValuesTest {
  @Test
  void extraVolumesMountsAndEnvFromReachTheGatewayNextToTheChartsOwn() {
    Rendered r = HelmChart.render(Values.OPERATOR_EXTRAS);
    PodSpec pod = r.deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("config", "tmp", "corp-ca");
    assertThat(pod.getVolumes().get(2).getConfigMap().getName()).isEqualTo("corp-ca-bundle");
    Container gw = r.gateway();
    assertThat(gw.getVolumeMounts()).extracting(VolumeMount::getMountPath)
        .containsExactly("/etc/logcast/logcast.yaml", "/tmp", "/etc/ssl/corp");
    assertThat(gw.getEnvFrom()).hasSize(2);
    assertThat(gw.getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("logcast-env");
    assertThat(gw.getEnvFrom().get(1).getConfigMapRef().getOptional()).isTrue();
    // the chart's own variables stay (env wins over envFrom in Kubernetes)
    assertThat(gw.getEnv()).anyMatch(e -> e.getName().equals("LOGCAST_NODE_ID"));
  }

  @Test
  void initContainersAndSidecarsJoinThePodAndTheGatewayStaysFirst() {
    PodSpec pod = HelmChart.render(Values.OPERATOR_EXTRAS).deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers()).extracting(Container::getName).containsExactly("wait-for-kafka");
    assertThat(pod.getInitContainers().get(0).getCommand()).containsExactly("sh", "-c", "until nc -z kafka 9092; do sleep 2; done");
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("gateway", "log-shipper");
    assertThat(pod.getContainers().get(1).getVolumeMounts().get(0).getName()).isEqualTo("corp-ca");
  }

  @Test
  void nothingExtraByDefault() {
    Rendered r = HelmChart.render("{}");
    PodSpec pod = r.deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getInitContainers()).isEmpty();
    assertThat(pod.getContainers()).extracting(Container::getName).containsExactly("gateway");
    assertThat(r.gateway().getEnvFrom()).isEmpty();
    assertThat(pod.getVolumes()).extracting(Volume::getName).containsExactly("config", "tmp");
    assertThat(r.objects()).allSatisfy(o -> assertThat(o.getMetadata().getLabels()).doesNotContainKey("team"));
  }

  @Test
  void commonLabelsAreOnEveryObjectHooksIncluded() {
    Rendered r = HelmChart.renderWithHooks(Values.ALL_ON + Values.OPERATOR_LABELS);
    assertThat(r.objects()).hasSizeGreaterThan(10).allSatisfy(o ->
        assertThat(o.getMetadata().getLabels()).as(o.getKind() + "/" + o.getMetadata().getName())
            .containsEntry("cost-center", "4711"));
    // the pod template too, where podLabels win over commonLabels
    Map<String, String> podLabels = r.deployment().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsEntry("cost-center", "4711").containsEntry("team", "realtime-pods")
        .containsEntry("sidecar.istio.io/inject", "false");
    assertThat(r.deployment().getMetadata().getLabels()).containsEntry("team", "realtime");
    // an object's own labels win too
    assertThat(r.one(ServiceMonitor.class, HelmChart.FULLNAME).getMetadata().getLabels())
        .containsEntry("team", "observability").containsEntry("release", "kube-prometheus-stack");
  }

  @Test
  void labelsNeverTouchTheSelectors() {
    Rendered plain = HelmChart.render("{}");
    Rendered labelled = HelmChart.render(Values.OPERATOR_LABELS + "podLabels: {app.kubernetes.io/name: other, app.kubernetes.io/instance: x}\n");
    // Deployment selectors are immutable: extra labels must not change them, nor the chart's own keys
    assertThat(labelled.deployment().getSpec().getSelector()).isEqualTo(plain.deployment().getSpec().getSelector());
    Map<String, String> podLabels = labelled.deployment().getSpec().getTemplate().getMetadata().getLabels();
    assertThat(podLabels).containsAllEntriesOf(labelled.deployment().getSpec().getSelector().getMatchLabels());
    for (HasMetadata o : labelled.objects()) {
      assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", HelmChart.RELEASE);
    }
  }

  @Test
  void theChartsOwnLabelKeysAreRefusedInCommonLabels() {
    assertThat(HelmChart.renderError("commonLabels: {app.kubernetes.io/name: other}")).contains("/commonLabels");
    assertThat(HelmChart.renderError("commonLabels: {team: 7}")).as("label values are strings").contains("/commonLabels/team");
    assertThat(HelmChart.renderError("extraContainers: [{image: x}]")).as("a container needs a name").contains("/extraContainers/0");
  }

  /** The chart README's one command builds and pushes the image the defaults name, at appVersion. */
  @Test
  void theDocumentedImageCommandMatchesTheDefaultImage() throws Exception {
    String readme = Files.readString(HelmChart.DIR.resolve("README.md"));
    String image = HelmChart.render("{}").gateway().getImage();
    assertThat(image).isEqualTo("logcast/gateway:" + HelmChart.YAML.readTree(HelmChart.DIR.resolve("Chart.yaml").toFile())
        .path("appVersion").asText());
    String pushed = "registry.example.com/" + image;
    assertThat(readme).contains("podman build -t " + pushed + " . && podman push " + pushed)
        .contains("--set image.repository=registry.example.com/logcast/gateway");
  }

  @Test
  void serviceMonitorCarriesRelabelings() {
    var endpoint = HelmChart.render("""
        serviceMonitor:
          enabled: true
          relabelings:
            - sourceLabels: [__meta_kubernetes_pod_node_name]
              targetLabel: node
          metricRelabelings:
            - sourceLabels: [__name__]
              regex: "jvm_gc_.*"
              action: drop
        """).one(ServiceMonitor.class, HelmChart.FULLNAME).getSpec().getEndpoints().get(0);
    assertThat(endpoint.getRelabelings()).hasSize(1);
    assertThat(endpoint.getRelabelings().get(0).getSourceLabels()).containsExactly("__meta_kubernetes_pod_node_name");
    assertThat(endpoint.getRelabelings().get(0).getTargetLabel()).isEqualTo("node");
    assertThat(endpoint.getMetricRelabelings()).hasSize(1);
    assertThat(endpoint.getMetricRelabelings().get(0).getAction()).isEqualTo("drop");
    assertThat(endpoint.getMetricRelabelings().get(0).getRegex()).isEqualTo("jvm_gc_.*");
    // none by default
    var plain = HelmChart.render("serviceMonitor: {enabled: true}").one(ServiceMonitor.class, HelmChart.FULLNAME);
    assertThat(plain.getSpec().getEndpoints().get(0).getRelabelings()).isEmpty();
    assertThat(plain.getSpec().getEndpoints().get(0).getMetricRelabelings()).isEmpty();
  }
}
