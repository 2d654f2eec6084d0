package io.logcast.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.testkit.GatewayCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code logcast_frames_written_total} of a cluster's instances, from their /metrics: which instance
 * serves a client whose transport names no node (an SSE stream).
 */
final class FrameCounters {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final String METRIC = "logcast_frames_written_total";

  private FrameCounters() {
  }

  /** The counter of every instance (or of {@code only}; the others read 0). */
  static long[] read(GatewayCluster cluster, int... only) throws Exception {
    long[] out = new long[cluster.size()];
    for (int i = 0; i < out.length; i++) {
      final int index = i;
      if (only.length > 0 && Arrays.stream(only).noneMatch(o -> o == index)) {
        continue;
      }
      String body = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + cluster.instance(i).spec().managementPort() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      double sum = 0;
      for (String line : body.split("\n")) {
        if (line.startsWith(METRIC)) {
          sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
        }
      }
      out[i] = (long) sum;
    }
    return out;
  }

  /** The instance whose counter moved between two reads; fails unless exactly one did. */
  static int serving(long[] before, long[] after) {
    List<Integer> moved = new ArrayList<>();
    for (int i = 0; i < after.length; i++) {
      if (after[i] > before[i]) {
        moved.add(i);
      }
    }
    assertThat(moved).as("instances that wrote frames between the two reads (before %s, after %s)",
        Arrays.toString(before), Arrays.toString(after)).hasSize(1);
    return moved.get(0);
  }
}
