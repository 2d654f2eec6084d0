package io.logcast.gateway.catchup;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A reconnect storm on an instance that followed nothing of the topic: hundreds of subscriptions
 * at once, each from a position a little behind the log end, whole-topic and keyed. They all catch
 * up from the log (nothing is in memory yet) and go live. Read one job at a time, with the
 * consumer's fetch ahead holding each read for half a second, that took minutes; shared, every
 * subscription has exactly its records (sets of partition and offset, no duplicate) well within
 * the wait.
 */
class SharedCatchUpIT {
  private static final int CLIENTS = 200;
  private static final int PARTITIONS = 2;
  private static final int KEYS = 4;
  private static final int BEFORE = 40;
  private static final int AFTER = 10;
  /** Records written once every client had its own: a duplicate arriving late comes before them. */
  private static final int END = 8;
  private static GatewayFixture gw;
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    // one reader: without sharing, the 400 catch-up jobs queue behind each other; reads of 3
    // records: most jobs of a group lie past a read and go back to the queue for the next one
    gw = GatewayFixture.start(Map.of("replay.readers", "1", "replay.chunkRecords", "3"));
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
    gw.close();
  }

  @Test
  void subscriptionsBehindTheLogEndOfATopicNotYetFollowedShareReadsAndMissNothing() {
    String topic = GatewayFixture.topic(PARTITIONS);
    String epoch;
    try (ProtocolClient probe = gw.client()) {
      epoch = GatewayFixture.subscribe(probe, 1, topic, null, "earliest").getString("epoch");
    } // the gateway follows nothing of the topic again
    for (int i = 0; i < BEFORE; i++) {
      produce(topic, i);
    }
    double reads = gw.metric("logcast_replay_reads_total");
    double chunks = gw.metric("logcast_replay_chunks_total");
    List<ProtocolClient> clients = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        clients.add(ProtocolClient.connect(vertx, gw.wsUrl(), Map.of(), null));
        clients.get(c).hello();
      }
      for (int c = 0; c < CLIENTS; c++) {
        JsonObject s = new JsonObject().put("type", "subscribe").put("id", 1).put("topic", topic)
            .put("from", new JsonObject().put("epoch", epoch).put("offsets", new JsonObject()
                .put("0", (long) c % 5).put("1", (long) c % 7)));
        if (c % 2 == 1) {
          s.put("key", key(c));
        }
        clients.get(c).send(s); // all at once: the replies are awaited below
      }
      for (ProtocolClient client : clients) {
        assertThat(client.awaitType("subscribed", WAIT).getBoolean("recovered")).isTrue();
      }
      for (int i = BEFORE; i < BEFORE + AFTER; i++) {
        produce(topic, i);
      }
      for (int c = 0; c < CLIENTS; c++) {
        assertReceived(clients.get(c), c, expected(c, new long[] {c % 5, c % 7}, 0, BEFORE + AFTER));
      }
      for (int i = BEFORE + AFTER; i < BEFORE + AFTER + END; i++) {
        produce(topic, i);
      }
      for (int c = 0; c < CLIENTS; c++) {
        assertReceived(clients.get(c), c, expected(c, new long[] {0, 0}, BEFORE + AFTER, BEFORE + AFTER + END));
      }
    } finally {
      clients.forEach(ProtocolClient::close);
    }
    assertThat(gw.metric("logcast_replay_reads_total") - reads)
        .as("reads shared by the jobs of a partition")
        .isLessThan((gw.metric("logcast_replay_chunks_total") - chunks) / 4);
  }

  private static String key(int i) {
    return "k" + i % KEYS;
  }

  /** Record i goes to partition i % 2 at offset i / 2, with key k(i % 4). */
  private static void produce(String topic, int i) {
    gw.produce(topic, i % PARTITIONS, key(i), "{\"i\":" + i + "}");
  }

  /** The next messages of client c are exactly {@code expected}: no record missing, none twice. */
  private static void assertReceived(ProtocolClient client, int c, Set<String> expected) {
    List<JsonObject> got = client.awaitMessages(expected.size(), WAIT);
    Set<String> positions = new TreeSet<>();
    got.forEach(m -> positions.add(m.getInteger("partition") + "@" + m.getLong("offset")));
    assertThat(positions).as("client %d", c).isEqualTo(expected);
  }

  /** What client c must get of records [fromRecord, toRecord): from its offsets on, every record or its key's. */
  private static Set<String> expected(int c, long[] from, int fromRecord, int toRecord) {
    Set<String> out = new TreeSet<>();
    for (int i = fromRecord; i < toRecord; i++) {
      int p = i % PARTITIONS;
      long offset = i / PARTITIONS;
      if (offset >= from[p] && (c % 2 == 0 || key(i).equals(key(c)))) {
        out.add(p + "@" + offset);
      }
    }
    return out;
  }
}
