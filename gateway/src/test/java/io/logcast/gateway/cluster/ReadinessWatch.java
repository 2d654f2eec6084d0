package io.logcast.gateway.cluster;

import io.logcast.testkit.GatewayCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Probes every instance's /health/ready once per call, as the chart's readiness probe does (3 s
 * timeout); keeps the longest run of failures of any instance and why they failed.
 */
final class ReadinessWatch {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final GatewayCluster cluster;
  private final int[] failing;
  private volatile int longest;
  final Map<String, Integer> reasons = new ConcurrentHashMap<>();

  ReadinessWatch(GatewayCluster cluster) {
    this.cluster = cluster;
    this.failing = new int[cluster.size()];
  }

  void probe() {
    for (int i = 0; i < failing.length; i++) {
      String failure = failure(cluster.instance(i).spec().managementPort());
      failing[i] = failure == null ? 0 : failing[i] + 1;
      if (failure != null) {
        reasons.merge(failure, 1, Integer::sum);
      }
      longest = Math.max(longest, failing[i]);
    }
  }

  private static String failure(int port) {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? null : r.statusCode() + " " + r.body();
    } catch (IOException e) {
      return e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  int longestUnreadyRun() {
    return longest;
  }
}
