package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The strict parser the chart tests rely on really refuses what the API server would. */
class KubeModelTest {
  private static JsonNode yaml(String text) throws Exception {
    return HelmChart.YAML.readTree(text);
  }

  private static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: d}
      spec:
        replicas: 2
        selector: {matchLabels: {a: b}}
        template:
          metadata: {labels: {a: b}}
          spec:
            containers:
              - name: c
                image: i
                %s
      """;

  @Test
  void aValidDocumentParsesIntoItsModelClass() throws Exception {
    HasMetadata o = KubeModel.parse(yaml(DEPLOYMENT.formatted("env: [{name: X, value: \"1\"}]")));
    assertThat(o).isInstanceOf(Deployment.class);
    assertThat(((Deployment) o).getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void anUnknownFieldFailsEvenDeepInside() {
    assertThatThrownBy(() -> KubeModel.parse(yaml(DEPLOYMENT.formatted("livenessprobe: {}"))))
        .isInstanceOf(AssertionError.class).hasMessageContaining("livenessprobe");
  }

  @Test
  void aNumberWhereTheApiWantsAStringFails() {
    assertThatThrownBy(() -> KubeModel.parse(yaml(DEPLOYMENT.formatted("env: [{name: X, value: 1}]"))))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void aStringWhereTheApiWantsANumberFails() {
    assertThatThrownBy(() -> KubeModel.parse(yaml(DEPLOYMENT.formatted("").replace("replicas: 2", "replicas: \"2\""))))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void anUnknownKindOrApiVersionFails() {
    assertThatThrownBy(() -> KubeModel.parse(yaml(DEPLOYMENT.formatted("").replace("apps/v1", "extensions/v1beta1"))))
        .isInstanceOf(AssertionError.class).hasMessageContaining("unexpected kind");
  }
}
