package io.logcast.gateway.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The panel queries of helm/logcast/dashboards/logcast.json, with Grafana's variables substituted. */
final class Dashboard {
  static final Path FILE = Path.of("..", "helm", "logcast", "dashboards", "logcast.json");

  record Query(String panel, String type, String expr, String legend, boolean instant) {}

  private Dashboard() {}

  static JsonNode read() throws IOException {
    return new ObjectMapper().readTree(FILE.toFile());
  }

  /** Every target of every panel (rows included, in case one is collapsed with panels inside). */
  static List<Query> queries(JsonNode dashboard) {
    List<Query> out = new ArrayList<>();
    collect(dashboard.path("panels"), out);
    return out;
  }

  private static void collect(JsonNode panels, List<Query> out) {
    for (JsonNode p : panels) {
      collect(p.path("panels"), out);
      for (JsonNode t : p.path("targets")) {
        out.add(new Query(p.path("title").asText(), p.path("type").asText(), t.path("expr").asText(),
            t.path("legendFormat").asText(""), t.path("instant").asBoolean(false)));
      }
    }
  }

  /**
   * As Grafana does with "All" selected ({@code allValue} .*), a 1 s interval and a 1 s scrape
   * interval: {@code $__rate_interval} = max($__interval + scrape, 4 × scrape) = 4s.
   */
  static String substitute(String expr, int scrapeSeconds, int intervalSeconds) {
    int rate = Math.max(intervalSeconds + scrapeSeconds, 4 * scrapeSeconds);
    return expr.replace("$__rate_interval", rate + "s")
        .replace("$__interval", intervalSeconds + "s")
        .replace("${instance}", ".*")
        .replace("$instance", ".*");
  }
}
