package io.logcast.gateway.metrics;

import io.logcast.gateway.GatewayFixture;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Prometheus (Debian's {@code prometheus} package, installed by bin/test) scraping one target
 * every second and evaluating a rule file, on a free loopback port with its data in a temp folder.
 */
final class PrometheusServer implements AutoCloseable {
  static final String BINARY = "/usr/bin/prometheus";
  static final String PROMTOOL = "/usr/bin/promtool";
  static final String SCRAPE_INTERVAL = "1s";

  private final Process process;
  private final String base;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.base = "http://127.0.0.1:" + port;
  }

  /** A scrape job of the target, with static labels as Kubernetes service discovery would add them. */
  record Job(String name, Map<String, String> labels) {}

  static PrometheusServer start(Path dir, String target, Path rules) throws IOException {
    return start(dir, target, rules, List.of(new Job("logcast", Map.of())));
  }

  /** {@code rules} may be null. */
  static PrometheusServer start(Path dir, String target, Path rules, List<Job> jobs) throws IOException {
    deleteTree(dir); // series of an earlier run would show up as a second instance
    Files.createDirectories(dir);
    Path config = dir.resolve("prometheus.yml");
    StringBuilder scrape = new StringBuilder();
    for (Job job : jobs) {
      scrape.append("""
            - job_name: %s
              static_configs:
                - targets: ["%s"]
                  labels: {%s}
          """.formatted(job.name(), target, job.labels().entrySet().stream()
          .map(e -> e.getKey() + ": \"" + e.getValue() + "\"").collect(Collectors.joining(", "))));
    }
    Files.writeString(config, """
        global:
          scrape_interval: %s
          evaluation_interval: %s
        rule_files: [%s]
        scrape_configs:
        %s""".formatted(SCRAPE_INTERVAL, SCRAPE_INTERVAL, rules == null ? "" : "\"" + rules.toAbsolutePath() + "\"",
        scrape));
    int port = GatewayFixture.freePort();
    Process p = new ProcessBuilder(BINARY, "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    PrometheusServer server = new PrometheusServer(p, port);
    server.awaitReady();
    return server;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private void awaitReady() {
    long deadline = System.currentTimeMillis() + 30_000;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("prometheus exited with " + process.exitValue());
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IllegalStateException e) {
        // not listening yet
      }
      sleep(200);
    }
    throw new IllegalStateException("prometheus not ready in 30 s");
  }

  /**
   * Waits until Prometheus has scraped at or after {@code epochSeconds}, so the rate windows that
   * end then hold samples from the end of the load.
   */
  void awaitScrapeAt(long epochSeconds, long timeoutMs) {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      var result = query("max(timestamp(up))", System.currentTimeMillis() / 1000)
          .getJsonObject("data").getJsonArray("result");
      if (!result.isEmpty() && Double.parseDouble(result.getJsonObject(0).getJsonArray("value").getString(1)) >= epochSeconds) {
        return;
      }
      sleep(200);
    }
    throw new IllegalStateException("no scrape at or after " + epochSeconds + " within " + timeoutMs + " ms");
  }

  /** {@code /api/v1/query} at {@code timeSeconds}. */
  JsonObject query(String expr, long timeSeconds) {
    return api("/api/v1/query?query=" + enc(expr) + "&time=" + timeSeconds);
  }

  JsonObject queryRange(String expr, long startSeconds, long endSeconds, int stepSeconds) {
    return api("/api/v1/query_range?query=" + enc(expr) + "&start=" + startSeconds + "&end=" + endSeconds
        + "&step=" + stepSeconds);
  }

  /** {@code /api/v1/label/<label>/values} of the series of {@code match}, as Grafana's label_values asks. */
  JsonObject labelValues(String label, String match) {
    return api("/api/v1/label/" + label + "/values?match%5B%5D=" + enc(match));
  }

  JsonObject api(String pathAndQuery) {
    return new JsonObject(get(pathAndQuery).body());
  }

  private HttpResponse<String> get(String pathAndQuery) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
