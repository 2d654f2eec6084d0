package io.logcast.gateway.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The panel queries of helm/logcast/dashboards/logcast.json, with Grafana's variables substituted. */
final class Dashboard {
  static final Path FILE = Path.of("..", "helm", "logcast", "dashboards", "logcast.json");

  record Query(String panel, String type, String expr, String legend, boolean instant) {}

  /** A query variable {@code label_values(match, label)}: the values of one label on the series of match. */
  record Variable(String name, String match, String label, String allValue) {}

  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)");

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

  /** The query variables, in the dashboard's order (the order Grafana resolves chained ones in). */
  static List<Variable> variables(JsonNode dashboard) {
    List<Variable> out = new ArrayList<>();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      if (v.path("type").asText().equals("query")) {
        Matcher m = LABEL_VALUES.matcher(v.path("query").path("query").asText());
        if (!m.matches()) {
          throw new IllegalArgumentException("not label_values(match, label): " + v);
        }
        out.add(new Variable(v.path("name").asText(), m.group(1), m.group(2), v.path("allValue").asText(null)));
      }
    }
    return out;
  }

  /** Every variable at "All", as a dashboard opens. */
  static Map<String, String> all(List<Variable> variables) {
    Map<String, String> out = new LinkedHashMap<>();
    variables.forEach(v -> out.put(v.name(), v.allValue()));
    return out;
  }

  /**
   * One selected value as Grafana writes it into a regex matcher: regex metacharacters escaped,
   * the backslash doubled inside the PromQL string.
   */
  static String selected(String value) {
    return value.replaceAll("([\\\\^$.|?*+()\\[\\]{}])", "\\\\\\\\$1");
  }

  /** {@code expr} with the variables' values (from {@link #all} or {@link #selected}) in place. */
  static String substitute(String expr, Map<String, String> values) {
    String out = expr;
    for (Map.Entry<String, String> v : values.entrySet()) {
      out = out.replace("${" + v.getKey() + "}", v.getValue()).replace("$" + v.getKey(), v.getValue());
    }
    return out;
  }

  /**
   * As Grafana does with the variables at {@code values}, a 1 s interval and a 1 s scrape
   * interval: {@code $__rate_interval} = max($__interval + scrape, 4 × scrape) = 4s.
   */
  static String substitute(String expr, int scrapeSeconds, int intervalSeconds, Map<String, String> values) {
    int rate = Math.max(intervalSeconds + scrapeSeconds, 4 * scrapeSeconds);
    return substitute(expr.replace("$__rate_interval", rate + "s").replace("$__interval", intervalSeconds + "s"),
        values);
  }
}
