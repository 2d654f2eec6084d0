package io.logcast.gateway.metrics;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No meter carries an unbounded tag: after many more sessions, keys, topics and publishes, the
 * logcast_* series are exactly the same set, and no label value names a session, key or topic
 * outside metrics.topics.
 */
class SeriesBoundIT {
  private static GatewayFixture gw;
  private static String named;

  @BeforeAll
  static void start() {
    named = GatewayFixture.topic(2);
    gw = GatewayFixture.start(Map.of("metrics.topicTags", "true", "metrics.topics", named));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void seriesCountStaysBoundedWhateverSessionsKeysAndTopics() {
    List<String> seen = new ArrayList<>();
    traffic(5, seen);
    Set<String> before = series();
    traffic(60, seen);
    Set<String> after = series();

    Set<String> ours = logcast(after);
    assertThat(ours).as("logcast_* series after 12x more sessions, keys and topics").isEqualTo(logcast(before));
    // other libraries' series may appear late (a first GC, a Kafka metric), but not per session
    assertThat(after.size()).isLessThan(before.size() + 40);
    String text = String.join("\n", after);
    for (String s : seen) {
      assertThat(text).as("a label value from client input").doesNotContain(s);
    }
    assertThat(ours).anyMatch(s -> s.contains("topic=\"" + named + "\""));
    assertThat(ours).anyMatch(s -> s.startsWith("logcast_messages_delivered_total") && s.contains("topic=\"other\""));
  }

  /** Sessions that subscribe by key on fresh topics, publish with new keys and resume; their names go to seen. */
  private static void traffic(int sessions, List<String> seen) {
    String topic = GatewayFixture.topic(1);
    seen.add(topic);
    for (int i = 0; i < sessions; i++) {
      String key = "key-" + java.util.UUID.randomUUID();
      seen.add(key);
      try (ProtocolClient c = gw.connect()) {
        String session = c.hello().getString("session");
        seen.add(session);
        PrometheusIT.subscribeOk(c, 1, i % 2 == 0 ? topic : named, key);
        gw.post("/v1/topics/" + topic + "/messages", "{\"key\":\"" + key + "\",\"data\":1}", Map.of());
        c.send(PrometheusIT.resumeHello(session, "wrong"));
        c.awaitType("error", WAIT);
      }
      gw.produce(topic, key, "{}");
    }
  }

  private static Set<String> series() {
    Set<String> out = new TreeSet<>();
    String body = gw.get("http://127.0.0.1:" + gw.node().managementPort() + "/metrics").body();
    for (String line : body.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        out.add(line.substring(0, line.lastIndexOf(' ')));
      }
    }
    return out;
  }

  private static Set<String> logcast(Set<String> all) {
    Set<String> out = new TreeSet<>();
    all.stream().filter(s -> s.startsWith("logcast_")).forEach(out::add);
    return out;
  }
}
