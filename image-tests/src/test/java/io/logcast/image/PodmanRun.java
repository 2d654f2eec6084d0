package io.logcast.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rendered pod's container as a {@code podman run} command, field by field, as the kubelet would
 * run it: args, env (values, the pod's name and IP, Secret keys), securityContext (user and group,
 * read-only root, no privilege escalation, capabilities), the memory limit, ConfigMap files
 * (subPath included) and emptyDir mounts (tmpfs, per pod), the grace period. A field it does not
 * know fails the test, so that a chart change cannot be silently left out of the run.
 *
 * <p>Why not {@code podman kube play}: Debian 12's podman (4.3) cannot run the chart's pod as
 * rendered: it publishes every containerPort, which host networking refuses; it does not resolve
 * {@code status.podIP}; it mounts a ConfigMap {@code subPath} as a directory; its Secrets from YAML
 * fail {@code secretKeyRef}; its emptyDir is one volume shared by every pod of that name.
 */
final class PodmanRun {
  private static final Set<String> CONTAINER_FIELDS = Set.of("name", "image", "imagePullPolicy", "args", "ports",
      "env", "startupProbe", "livenessProbe", "readinessProbe", "lifecycle", "resources", "securityContext",
      "volumeMounts");
  /** Scheduling and API-access fields: nothing to run on one host without a Kubernetes API. */
  private static final Set<String> POD_FIELDS = Set.of("serviceAccountName", "automountServiceAccountToken",
      "terminationGracePeriodSeconds", "securityContext", "containers", "volumes", "affinity",
      "topologySpreadConstraints", "restartPolicy");

  private PodmanRun() {}

  /**
   * The arguments after {@code podman}: {@code run --detach --name <pod> ...} for container
   * {@code container} of {@code podSpec}, on the host's network, whose address {@code podIp} is;
   * {@code extra} options go before the image (what the cluster would provide, such as DNS names).
   */
  static List<String> args(JsonNode podSpec, String container, String podName, String podIp,
      Map<String, JsonNode> configMaps, Map<String, Map<String, String>> secrets, Path workDir, List<String> extra) {
    podSpec.fieldNames().forEachRemaining(f -> require(POD_FIELDS.contains(f), "pod field " + f));
    JsonNode c = null;
    for (JsonNode each : podSpec.path("containers")) {
      c = container.equals(each.path("name").asText()) ? each : c;
    }
    require(c != null && podSpec.path("containers").size() == 1, "exactly one container named " + container);
    c.fieldNames().forEachRemaining(f -> require(CONTAINER_FIELDS.contains(f), "container field " + f));

    List<String> a = new ArrayList<>(List.of("run", "--detach", "--name", podName, "--network", "host",
        "--pull", "never", "--hostname", podName));
    if (podSpec.has("terminationGracePeriodSeconds")) {
      a.addAll(List.of("--stop-timeout", podSpec.get("terminationGracePeriodSeconds").asText()));
    }
    security(a, podSpec.path("securityContext"), c.path("securityContext"));
    String memory = c.path("resources").path("limits").path("memory").asText("");
    if (!memory.isEmpty()) {
      a.addAll(List.of("--memory", bytes(memory)));
    }
    for (JsonNode e : c.path("env")) {
      a.addAll(List.of("--env", e.get("name").asText() + "=" + envValue(e, podName, podIp, secrets)));
    }
    mounts(a, podSpec, c, podName, configMaps, workDir);
    a.addAll(extra);
    a.add(c.get("image").asText());
    c.path("args").forEach(arg -> a.add(arg.asText()));
    return a;
  }

  private static void security(List<String> a, JsonNode pod, JsonNode container) {
    JsonNode user = container.has("runAsUser") ? container.get("runAsUser") : pod.get("runAsUser");
    JsonNode group = container.has("runAsGroup") ? container.get("runAsGroup") : pod.get("runAsGroup");
    require(user != null && group != null, "runAsUser and runAsGroup");
    boolean nonRoot = pod.path("runAsNonRoot").asBoolean(false) || container.path("runAsNonRoot").asBoolean(false);
    require(!nonRoot || user.asLong() != 0, "runAsNonRoot with a non-zero runAsUser");
    a.addAll(List.of("--user", user.asText() + ":" + group.asText()));
    if (pod.has("fsGroup")) {
      a.addAll(List.of("--group-add", pod.get("fsGroup").asText()));
    }
    if (container.path("readOnlyRootFilesystem").asBoolean(false)) {
      // only what the pod mounts is writable: no tmpfs of podman's own on /tmp, /run, /var/tmp
      a.addAll(List.of("--read-only", "--read-only-tmpfs=false"));
    }
    if (!container.path("allowPrivilegeEscalation").asBoolean(true)) {
      a.addAll(List.of("--security-opt", "no-new-privileges"));
    }
    container.path("capabilities").path("drop").forEach(cap -> a.addAll(List.of("--cap-drop", cap.asText())));
    container.path("capabilities").path("add").forEach(cap -> a.addAll(List.of("--cap-add", cap.asText())));
    String seccomp = pod.path("seccompProfile").path("type").asText("RuntimeDefault");
    require(seccomp.equals("RuntimeDefault"), "seccompProfile RuntimeDefault (podman's default profile)");
  }

  private static String envValue(JsonNode e, String podName, String podIp, Map<String, Map<String, String>> secrets) {
    if (e.has("value")) {
      return e.get("value").asText();
    }
    JsonNode from = e.path("valueFrom");
    if (from.has("fieldRef")) {
      String path = from.get("fieldRef").path("fieldPath").asText();
      require(path.equals("metadata.name") || path.equals("status.podIP"), "fieldRef " + path);
      return path.equals("metadata.name") ? podName : podIp;
    }
    JsonNode ref = from.path("secretKeyRef");
    Map<String, String> secret = secrets.get(ref.path("name").asText());
    require(secret != null && secret.containsKey(ref.path("key").asText()), "Secret key " + ref);
    return secret.get(ref.path("key").asText());
  }

  private static void mounts(List<String> a, JsonNode podSpec, JsonNode c, String podName,
      Map<String, JsonNode> configMaps, Path workDir) {
    for (JsonNode m : c.path("volumeMounts")) {
      JsonNode volume = null;
      for (JsonNode v : podSpec.path("volumes")) {
        volume = m.path("name").asText().equals(v.path("name").asText()) ? v : volume;
      }
      require(volume != null, "volume " + m.path("name").asText());
      String at = m.get("mountPath").asText();
      if (volume.has("emptyDir")) {
        String size = volume.get("emptyDir").path("sizeLimit").asText("");
        a.addAll(List.of("--mount", "type=tmpfs,destination=" + at + (size.isEmpty() ? "" : ",tmpfs-size=" + bytes(size))));
      } else if (volume.has("configMap")) {
        JsonNode data = configMaps.get(volume.get("configMap").path("name").asText());
        require(data != null && m.has("subPath"), "a rendered ConfigMap mounted by subPath");
        Path file = write(workDir.resolve(podName).resolve(m.get("subPath").asText()),
            data.path(m.get("subPath").asText()).asText());
        a.addAll(List.of("--volume", file + ":" + at + (m.path("readOnly").asBoolean(false) ? ":ro" : "")));
      } else {
        throw new IllegalStateException("the image test cannot run volume " + volume);
      }
    }
  }

  private static Path write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Kubernetes quantity (512Mi, 1Gi, 256M) as podman's size (bytes). */
  static String bytes(String quantity) {
    String[][] units = {{"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"k", "1000"}, {"M", "1000000"},
        {"G", "1000000000"}};
    for (String[] u : units) {
      if (quantity.endsWith(u[0])) {
        long n = Long.parseLong(quantity.substring(0, quantity.length() - u[0].length()));
        return Long.toString(n * Long.parseLong(u[1]));
      }
    }
    return Long.toString(Long.parseLong(quantity));
  }

  private static void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalStateException("the image test does not know how to run the rendered pod's " + what
          + " with podman; teach PodmanRun, or change the test's values");
    }
  }
}
