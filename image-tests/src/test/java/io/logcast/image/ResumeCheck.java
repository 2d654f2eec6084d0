package io.logcast.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.testkit.Nginx;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ResumingClient;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resuming clients behind nginx (the Service) while a backend writes to Kafka; one replica is
 * SIGKILLed. Oracle: each client received exactly the (partition, offset) set written since its
 * subscription started, once each, in order, and the killed replica's clients resumed their
 * sessions (kept by the others' Hazelcast members) on another replica.
 */
final class ResumeCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ResumeCheck.class);
  private static final int CLIENTS = 9;
  private static final int RECORDS_PER_SECOND = 40;

  private ResumeCheck() {}

  static void assertResumesAfterAKill(Vertx vertx, String bootstrap, String topic, List<Replica> replicas,
      Replica victim, Path nginxDir) throws InterruptedException {
    Nginx lb = Nginx.start(Replica.freePort(), replicas.stream().map(r -> r.http).toList(), nginxDir);
    WebSocketClient ws = vertx.createWebSocketClient(new WebSocketClientOptions().setConnectTimeout(5_000));
    List<ResumingClient> clients = new ArrayList<>();
    try (Publisher publisher = new Publisher(bootstrap, topic, RECORDS_PER_SECOND)) {
      var connect = ResumingClient.connectOptions("ws://" + Replica.LOOPBACK + ":" + lb.port() + "/ws", 5_000);
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(new ResumingClient(vertx, ws, connect, ResumingClient.Settings.of(topic, null)
            .withAckEveryMs(200).withReconnect(100, 400).withConnectRetry(100, 400)));
      }
      clients.forEach(ResumingClient::connect);
      assertThat(Poll.within(Duration.ofSeconds(30), () -> clients.stream().allMatch(ResumingClient::started))).isTrue();
      assertThat(Poll.within(Duration.ofSeconds(30), () -> publisher.written() > 100)).isTrue();

      List<ResumingClient> moved = clients.stream().filter(c -> victim.podName.equals(c.node())).toList();
      assertThat(moved).as("clients nginx sent to %s", victim.podName).isNotEmpty();
      long killedAt = System.currentTimeMillis();
      Podman.run(Duration.ofSeconds(30), "kill", "--signal", "KILL", victim.podName);
      assertThat(Poll.within(Duration.ofSeconds(60), () -> moved.stream().allMatch(c -> c.connected()
          && c.welcomeAtMillis() > killedAt && !victim.podName.equals(c.node())))).as("resumed elsewhere").isTrue();
      long before = publisher.written();
      assertThat(Poll.within(Duration.ofSeconds(30), () -> publisher.written() > before + 100)).isTrue();
      publisher.stop();

      assertThat(Poll.within(Duration.ofSeconds(60), () -> clients.stream()
          .allMatch(c -> c.received().containsAll(publisher.since(c.start()))))).as("every record delivered").isTrue();
      for (ResumingClient c : clients) {
        assertThat(c.received()).as("the (partition, offset) set of %s", c).isEqualTo(publisher.since(c.start()));
        assertThat(c.duplicates()).as("records received twice").isZero();
        assertThat(c.reordered()).isZero();
        assertThat(c.gaps()).isEmpty();
      }
      assertThat(moved).allSatisfy(c -> assertThat(c.resumedTrue()).as("resumed with its session: %s", c).isPositive());
      LOG.info("{} records, {} clients, {} moved by the kill, all resumed within {} ms", publisher.written(),
          clients.size(), moved.size(), moved.stream().mapToLong(ResumingClient::welcomeAtMillis).max().orElse(0) - killedAt);
    } finally {
      clients.forEach(ResumingClient::stop);
      ws.close();
      lb.close();
    }
  }
}
