package io.logcast.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.testkit.Poll;
import io.logcast.testkit.ResumingClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.LongSummaryStatistics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM to a gateway container, as the kubelet sends it: the drain closes every client with 1012,
 * spread over drain.windowMs, and the JVM (PID 1 of the container) exits before the pod's
 * terminationGracePeriodSeconds, when the kubelet would SIGKILL it.
 */
final class DrainCheck {
  private static final Logger LOG = LoggerFactory.getLogger(DrainCheck.class);
  private static final int CLIENTS = 6;

  private DrainCheck() {}

  static void assertDrains(Vertx vertx, Replica r, String topic) {
    long windowMs = r.config().path("drain").path("windowMs").asLong();
    long graceMs = r.podSpec().path("terminationGracePeriodSeconds").asLong() * 1000;
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(5_000));
    List<ResumingClient> clients = new ArrayList<>();
    try {
      var connect = ResumingClient.connectOptions(r.wsUrl(), 5_000);
      for (int i = 0; i < CLIENTS; i++) {
        // straight to this replica, and no reconnect while the check watches the closes
        clients.add(new ResumingClient(vertx, ws, connect, ResumingClient.Settings.of(topic, null)
            .withReconnect(600_000, 1)));
      }
      clients.forEach(ResumingClient::connect);
      assertThat(Poll.within(Duration.ofSeconds(30), () -> clients.stream().allMatch(ResumingClient::started))).isTrue();

      long sigterm = System.currentTimeMillis();
      Podman.run(Duration.ofSeconds(30), "kill", "--signal", "TERM", r.podName);
      assertThat(Poll.within(Duration.ofMillis(graceMs), () -> clients.stream()
          .allMatch(c -> c.closeCodes().getOrDefault(1012, 0) == 1))).as("every client closed with 1012: %s", clients)
          .isTrue();
      String exit = Podman.run(Duration.ofMillis(graceMs + 30_000), "wait", r.podName);
      long exited = System.currentTimeMillis() - sigterm;
      LongSummaryStatistics closes = clients.stream().mapToLong(c -> c.closedAtMillis() - sigterm).summaryStatistics();
      LOG.info("drain of {}: closes {}-{} ms after SIGTERM (window {} ms), exit code {} after {} ms (grace {} ms)",
          r.podName, closes.getMin(), closes.getMax(), windowMs, exit, exited, graceMs);
      assertThat(exited).as("exited before the grace period").isLessThan(graceMs);
      assertThat(closes.getMax() - closes.getMin()).as("closes spread over the window").isGreaterThanOrEqualTo(windowMs / 3);
      assertThat(closes.getMax()).as("closes within the window").isLessThan(windowMs + 5_000);
    } finally {
      clients.forEach(ResumingClient::stop);
      ws.close();
    }
  }
}
