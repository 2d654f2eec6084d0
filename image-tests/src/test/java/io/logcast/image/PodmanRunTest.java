package io.logcast.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod spec → podman run translation, on a small pod (ImageIT runs the chart's). */
class PodmanRunTest {
  private static final String POD = """
      securityContext: {runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001}
      terminationGracePeriodSeconds: 45
      containers:
        - name: gateway
          image: example/gateway:1
          args: [serve]
          env:
            - {name: A, value: "1"}
            - {name: NODE, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            - {name: IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
            - {name: KEY, valueFrom: {secretKeyRef: {name: s, key: k}}}
          resources: {limits: {memory: 1Gi}}
          securityContext: {readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
      volumes:
        - {name: tmp, emptyDir: {sizeLimit: 256Mi}}
      """;

  private static JsonNode pod(String yaml) throws Exception {
    return ChartRender.YAML.readTree(yaml);
  }

  @Test
  void everyFieldBecomesItsPodmanOption(@TempDir Path dir) throws Exception {
    List<String> a = PodmanRun.args(pod(POD), "gateway", "p-1", "127.0.0.1", Map.of(),
        Map.of("s", Map.of("k", "v")), dir, List.of());
    assertThat(String.join(" ", a)).startsWith("run --detach --name p-1 --network host")
        .contains("--stop-timeout 45").contains("--user 10001:10001")
        .contains("--read-only --read-only-tmpfs=false").contains("--security-opt no-new-privileges")
        .contains("--cap-drop ALL").contains("--memory 1073741824")
        .contains("--env A=1 --env NODE=p-1 --env IP=127.0.0.1 --env KEY=v")
        .contains("--mount type=tmpfs,destination=/tmp,tmpfs-size=268435456")
        .endsWith("example/gateway:1 serve");
  }

  @Test
  void aFieldItDoesNotKnowFailsInsteadOfBeingLeftOut(@TempDir Path dir) throws Exception {
    String withWorkingDir = POD.replace("    args: [serve]", "    args: [serve]\n    workingDir: /x");
    assertThatThrownBy(() -> PodmanRun.args(pod(withWorkingDir), "gateway", "p", "127.0.0.1", Map.of(),
        Map.of("s", Map.of("k", "v")), dir, List.of())).hasMessageContaining("container field workingDir");
    String rootUser = POD.replace("runAsUser: 10001", "runAsUser: 0");
    assertThatThrownBy(() -> PodmanRun.args(pod(rootUser), "gateway", "p", "127.0.0.1", Map.of(),
        Map.of("s", Map.of("k", "v")), dir, List.of())).hasMessageContaining("runAsNonRoot");
  }

  @Test
  void quantitiesAreBytes() {
    assertThat(PodmanRun.bytes("512Mi")).isEqualTo("536870912");
    assertThat(PodmanRun.bytes("1G")).isEqualTo("1000000000");
    assertThat(PodmanRun.bytes("4096")).isEqualTo("4096");
  }
}
