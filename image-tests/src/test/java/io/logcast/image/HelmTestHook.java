package io.logcast.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code helm test}'s pod (templates/tests/probe.yaml), rendered and run in the image: its command
 * opens a WebSocket to the release's Service, says hello and expects welcome. There is no cluster
 * DNS here, so the Service's name resolves to loopback (the test's values set service.port to the
 * replica's own port); everything else is the rendered pod.
 */
final class HelmTestHook {
  private HelmTestHook() {}

  static String podName(Replica r) {
    return r.fullname() + "-probe";
  }

  static void assertSucceeds(Replica r, List<Path> valuesFiles, Path work) {
    ChartRender rendered = ChartRender.withHooks(r.release, valuesFiles);
    JsonNode pod = rendered.one("Pod", podName(r));
    assertThat(pod.path("metadata").path("annotations").path("rendered-hook.logcast.io/hook").asText()).isEqualTo("test");
    JsonNode spec = pod.path("spec");
    List<String> probeArgs = new ArrayList<>();
    spec.path("containers").get(0).path("args").forEach(a -> probeArgs.add(a.asText()));
    String host = URI.create(probeArgs.get(probeArgs.indexOf("--url") + 1)).getHost();
    List<String> args = PodmanRun.args(spec, "probe", podName(r), Replica.LOOPBACK, Map.of(), Map.of(),
        work.resolve("pods"), List.of("--add-host", host + ":" + Replica.LOOPBACK));
    Podman.removeContainers(List.of(podName(r)));
    Podman.run(Duration.ofSeconds(60), args.toArray(String[]::new));
    // the hook's own timeout (--timeout-seconds) bounds the probe; this bounds the wait for it
    String exit = Podman.run(Duration.ofSeconds(90), "wait", podName(r));
    String logs = Podman.logs(podName(r));
    Podman.removeContainers(List.of(podName(r)));
    assertThat(exit).as("the probe's exit code; its output:\n%s", logs).isEqualTo("0");
  }
}
