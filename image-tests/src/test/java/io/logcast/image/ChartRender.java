package io.logcast.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** helm/logcast rendered by the real Helm (helm-java), as {@code helm template} would. */
final class ChartRender {
  static final Path CHART = Path.of("..", "helm", "logcast").toAbsolutePath().normalize();
  static final String NAMESPACE = "apps";
  /** helm-java's library defaults to Kubernetes v1.20, below the chart's kubeVersion. */
  static final String KUBE_VERSION = "v1.31.0";
  static final ObjectMapper YAML = new YAMLMapper();

  private final List<JsonNode> docs;

  private ChartRender(List<JsonNode> docs) {
    this.docs = docs;
  }

  /** Renders {@code chart} as release {@code release}, values files in order (later ones win). */
  static ChartRender of(Path chart, String release, List<Path> valuesFiles) {
    var template = new Helm(chart).template().withName(release).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION);
    valuesFiles.forEach(template::withValuesFile);
    String out = template.call();
    List<JsonNode> docs = new ArrayList<>();
    try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && doc.isObject()) {
          docs.add(doc);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new ChartRender(docs);
  }

  /**
   * Renders with the test hook as a plain document: helm template leaves hooks out, so a copy of the
   * chart loses its {@code helm.sh/hook} annotations first (the rest is the real templates).
   */
  static ChartRender withHooks(String release, List<Path> valuesFiles) {
    Path copy = null;
    try {
      copy = Files.createTempDirectory("logcast-chart");
      try (Stream<Path> files = Files.walk(CHART)) {
        for (Path p : files.toList()) {
          Path to = copy.resolve(CHART.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.writeString(to, Files.readString(p).replace("helm.sh/hook", "rendered-hook.logcast.io/hook"));
          }
        }
      }
      return of(copy, release, valuesFiles);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteTree(copy);
    }
  }

  /** The one document of this kind (and name, if given). */
  JsonNode one(String kind, String name) {
    List<JsonNode> found = docs.stream().filter(d -> kind.equals(d.path("kind").asText()))
        .filter(d -> name == null || name.equals(d.path("metadata").path("name").asText())).toList();
    if (found.size() != 1) {
      throw new IllegalStateException(found.size() + " documents of kind " + kind + " named " + name);
    }
    return found.get(0);
  }

  List<JsonNode> all(String kind) {
    return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
