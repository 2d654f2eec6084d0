package io.logcast.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.DryRun;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** helm/logcast through the real Helm (helm-java's native library): template and lint with given values. */
final class HelmChart {
  static final String RELEASE = "lc";
  static final String NAMESPACE = "apps";
  static final String FULLNAME = "lc-logcast";
  static final Path DIR = Path.of("..", "helm", "logcast").toAbsolutePath().normalize();
  /**
   * The Kubernetes version templates are rendered for. helm-java's library defaults to v1.20, below
   * the chart's kubeVersion (the Helm CLI defaults to its client-go version); name a current one.
   */
  static final String KUBE_VERSION = "v1.31.0";
  static final YAMLMapper YAML = new YAMLMapper();

  private HelmChart() {}

  /** Every document {@code helm template} renders with these values over the chart's defaults. */
  static Rendered render(String valuesYaml) {
    return render(DIR, valuesYaml);
  }

  /**
   * Like {@link #render}, hooks included: helm-java's template, like the CLI's, leaves hooks out of
   * its manifest, so a copy of the chart renames the hook annotation ({@link #HOOK}) and its
   * documents become plain ones. Everything else is rendered from the real templates.
   */
  static Rendered renderWithHooks(String valuesYaml) {
    return renderCopy(valuesYaml, copy -> {
      try (Stream<Path> files = Files.walk(copy.resolve("templates"))) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Files.writeString(f, Files.readString(f).replace("helm.sh/hook", HOOK));
        }
      }
    });
  }

  interface ChartEdit {
    void apply(Path chartCopy) throws IOException;
  }

  /** Renders a copy of the chart after {@code edit} changed it (the copy is deleted afterwards). */
  static Rendered renderCopy(String valuesYaml, ChartEdit edit) {
    Path copy = copyChart();
    try {
      edit.apply(copy);
      return render(copy, valuesYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(copy);
    }
  }

  /** What helm.sh/hook(-...) annotations are called in {@link #renderWithHooks}. */
  static final String HOOK = "rendered-hook.logcast.io/hook";

  /** NOTES.txt as {@code helm install --dry-run} prints it (client only: no cluster). */
  static String notes(String valuesYaml) {
    Path values = temp("values", ".yaml");
    try {
      Files.writeString(values, valuesYaml);
      String out = new Helm(DIR).install().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
          .withValuesFile(values).dryRun().withDryRunOption(DryRun.CLIENT).clientOnly().call().getOutput();
      return out.substring(out.indexOf("NOTES:"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(values);
    }
  }

  private static Rendered render(Path chart, String valuesYaml) {
    Path values = temp("values", ".yaml");
    try {
      Files.writeString(values, valuesYaml);
      String out = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion(KUBE_VERSION)
          .withValuesFile(values).call();
      List<JsonNode> docs = new ArrayList<>();
      try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(out)) {
        while (it.hasNext()) {
          JsonNode doc = it.next();
          if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
            docs.add(doc);
          }
        }
      }
      return new Rendered(docs);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(values);
    }
  }

  /** The message Helm fails with for these values (schema or a template's fail), or null if it renders. */
  static String renderError(String valuesYaml) {
    try {
      render(valuesYaml);
      return null;
    } catch (RuntimeException e) {
      return e.getMessage();
    }
  }

  /**
   * {@code helm lint --strict} on a copy of the chart whose values.yaml is the chart's with these
   * values merged over it (helm-java's lint takes no values files, and lint reads values.yaml).
   */
  static LintResult lint(String valuesYaml) {
    Path copy = copyChart();
    try {
      Path values = copy.resolve("values.yaml");
      JsonNode merged = merge(YAML.readTree(values.toFile()), YAML.readTree(valuesYaml));
      YAML.writeValue(values.toFile(), merged);
      return new Helm(copy).lint().strict().call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      delete(copy);
    }
  }

  private static Path copyChart() {
    Path copy = temp("chart", "");
    try {
      delete(copy);
      try (Stream<Path> files = Files.walk(DIR)) {
        for (Path p : files.toList()) {
          Files.copy(p, copy.resolve(DIR.relativize(p).toString()));
        }
      }
      return copy;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode merge(JsonNode base, JsonNode over) {
    if (over == null || !over.isObject() || !base.isObject()) {
      return over == null || over.isNull() || over.isMissingNode() ? base : over;
    }
    ObjectNode out = ((ObjectNode) base).deepCopy();
    Iterator<Map.Entry<String, JsonNode>> it = over.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      out.set(e.getKey(), out.has(e.getKey()) ? merge(out.get(e.getKey()), e.getValue()) : e.getValue());
    }
    return out;
  }

  private static Path temp(String prefix, String suffix) {
    try {
      return suffix.isEmpty() ? Files.createTempDirectory("logcast-" + prefix) : Files.createTempFile("logcast-" + prefix, suffix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path p) {
    try (Stream<Path> files = Files.walk(p)) {
      for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
