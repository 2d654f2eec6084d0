package io.logcast.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.Delivered;
import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A transactional producer that commits and aborts in turn: live and replayed subscribers get
 * exactly the committed records (read_committed), and the transaction markers between them never
 * show as a gap.
 */
class TransactionsIT {
  private static final Duration WAIT = GatewayFixture.WAIT;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void abortedRecordsAreNeverDeliveredAndMarkersAreNoGap() throws Exception {
    String topic = GatewayFixture.topic(2);
    Set<String> committed = new HashSet<>();
    try (ProtocolClient live = gw.client();
        KafkaProducer<byte[], byte[]> tx = new KafkaProducer<>(Map.of(
            "bootstrap.servers", GatewayFixture.broker().bootstrapServers(),
            "transactional.id", "lc-tx-" + topic, "acks", "all", "linger.ms", 1),
            new ByteArraySerializer(), new ByteArraySerializer())) {
      GatewayFixture.subscribe(live, 1, topic, null, "latest");
      tx.initTransactions();
      for (int t = 0; t < 20; t++) {
        boolean commit = t % 2 == 0;
        tx.beginTransaction();
        List<String> positions = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
          var md = tx.send(new ProducerRecord<>(topic, ("k" + i).getBytes(StandardCharsets.UTF_8),
              ("{\"t\":" + t + ",\"commit\":" + commit + "}").getBytes(StandardCharsets.UTF_8))).get();
          positions.add(md.partition() + "@" + md.offset());
        }
        if (commit) {
          tx.commitTransaction();
          committed.addAll(positions);
        } else {
          tx.abortTransaction();
        }
      }
      assertDeliveredExactly(live, committed);

      // the same through the replay readers, from the start of the log
      try (ProtocolClient replayed = gw.client()) {
        GatewayFixture.subscribe(replayed, 1, topic, null, "earliest");
        assertDeliveredExactly(replayed, committed);
      }
    }
  }

  private static void assertDeliveredExactly(ProtocolClient c, Set<String> committed) throws Exception {
    Delivered.assertExactly(c, committed, WAIT);
    assertThat(c.received()).noneMatch(o -> "gap".equals(o.getString("type")));
    assertThat(c.received()).filteredOn(o -> "message".equals(o.getString("type")))
        .allMatch(o -> o.getJsonObject("data").getBoolean("commit"));
  }
}
