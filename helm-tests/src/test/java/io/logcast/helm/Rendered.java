package io.logcast.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/** The documents one {@code helm template} rendered, each parsed strictly against the Kubernetes API model. */
record Rendered(List<JsonNode> docs) {
  List<HasMetadata> objects() {
    return docs.stream().map(KubeModel::parse).toList();
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects().stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + names()));
  }

  boolean has(Class<? extends HasMetadata> type) {
    return !all(type).isEmpty();
  }

  List<String> names() {
    return objects().stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
  }

  Deployment deployment() {
    return one(Deployment.class, HelmChart.FULLNAME);
  }

  Container gateway() {
    return deployment().getSpec().getTemplate().getSpec().getContainers().stream()
        .filter(c -> c.getName().equals("gateway")).findFirst().orElseThrow();
  }

  /** The gateway's logcast.yaml, as the chart renders it. */
  String gatewayConfig() {
    return one(ConfigMap.class, HelmChart.FULLNAME).getData().get("logcast.yaml");
  }

  Pod testHook() {
    return one(Pod.class, HelmChart.FULLNAME + "-probe");
  }
}
