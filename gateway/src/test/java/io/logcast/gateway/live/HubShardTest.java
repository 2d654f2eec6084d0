package io.logcast.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.delivery.Client;
import io.logcast.gateway.delivery.Subscription;
import io.logcast.gateway.delivery.Subscription.State;
import io.logcast.gateway.delivery.TestSockets;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shard without a broker: the cursor rule, keyed routing and the partition state machine. */
class HubShardTest {
  private final ShardHarness harness = new ShardHarness(null);

  /** The offsets of the messages a client received, in order. */
  private static List<Long> offsets(TestSockets.Frames frames) {
    List<Long> out = new ArrayList<>();
    for (String t : frames.texts()) {
      JsonObject o = new JsonObject(t);
      if ("message".equals(o.getString("type"))) {
        out.add(o.getLong("offset"));
      }
    }
    return out;
  }

  @Test
  void aSubscriptionAtTheLivePositionGoesLiveAndGetsEachRecordOnceFromItsCursor() {
    harness.live("t", 5);
    TestSockets.Frames frames = TestSockets.capturing();
    Subscription sub = harness.subscribe(harness.client(frames), "t", null, 5);
    assertThat(sub.state(0)).isEqualTo(State.LIVE);

    harness.deliver(List.of(ShardHarness.batch("t", 0, 3, null, null, null, null, null, null, null))); // 3..9
    harness.deliver(List.of(ShardHarness.batch("t", 0, 8, null, null, null))); // 8..10, overlapping
    assertThat(offsets(frames)).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
    assertThat(sub.cursor(0)).isEqualTo(11);
  }

  @Test
  void aWholeBatchGoesOutAsOneFrameAndTheRecordsOfOneTaskCoalesce() {
    harness.live("t", 0);
    TestSockets.Frames frames = TestSockets.capturing();
    harness.subscribe(harness.client(frames), "t", null, 0);
    harness.deliver(List.of(ShardHarness.batch("t", 0, 0, "a", "b", "c")));
    assertThat(frames.texts()).hasSize(3);
    assertThat(harness.metrics().frames().count()).isEqualTo(1.0);
  }

  @Test
  void aWriteCycleIsAFanOutWhenMostOfItsClientsAlsoWroteInTheOneBefore() {
    harness.live("t", 0);
    harness.subscribe(harness.client(TestSockets.capturing()), "t", null, 0);
    harness.subscribe(harness.client(TestSockets.capturing()), "t", null, 0);
    harness.shard().writeOut();
    harness.shard().deliver(List.of(ShardHarness.batch("t", 0, 0, "a", "b")));
    assertThat(harness.shard().writeOut()).as("the clients' first records").isFalse();
    harness.shard().deliver(List.of(ShardHarness.batch("t", 0, 2, "a", "b")));
    assertThat(harness.shard().writeOut()).as("whole-topic clients, again: waiting fills their frames").isTrue();

    harness.live("k", 0);
    for (String key : List.of("a", "b", "c")) {
      harness.subscribe(harness.client(TestSockets.capturing()), "k", key, 0);
    }
    harness.shard().writeOut();
    harness.shard().deliver(List.of(ShardHarness.batch("k", 0, 0, "a", "b", "c")));
    assertThat(harness.shard().writeOut()).as("keyed clients, each record for one").isFalse();
    harness.shard().deliver(List.of(ShardHarness.batch("k", 0, 3, "a", "c")));
    assertThat(harness.shard().writeOut()).as("2 of the 3 keys again: records keep coming for them").isTrue();
    harness.shard().deliver(List.of(ShardHarness.batch("k", 0, 5, "b")));
    assertThat(harness.shard().writeOut()).as("one client: too cheap to wait for").isFalse();
    harness.shard().deliver(List.of(ShardHarness.batch("k", 0, 6, "a", "c")));
    assertThat(harness.shard().writeOut()).as("others than the cycle before").isFalse();
    assertThat(harness.shard().writeOut()).as("nothing written").isFalse();
  }

  @Test
  void aKeyedSubscriptionGetsOnlyItsKeyAndTheWholeTopicGetsEverything() {
    harness.live("t", 0);
    TestSockets.Frames keyed = TestSockets.capturing();
    TestSockets.Frames whole = TestSockets.capturing();
    harness.subscribe(harness.client(keyed), "t", "a", 0);
    harness.subscribe(harness.client(whole), "t", null, 0);
    harness.deliver(List.of(ShardHarness.batch("t", 0, 0, "a", "b", null, "a")));
    assertThat(offsets(keyed)).containsExactly(0L, 3L);
    assertThat(offsets(whole)).containsExactly(0L, 1L, 2L, 3L);
  }

  @Test
  void aPartitionWaitsPendingUntilTheLiveStreamIsKnown() {
    TestSockets.Frames frames = TestSockets.capturing();
    Subscription sub = harness.subscribe(harness.client(frames), "t", null, 0, 0);
    assertThat(sub.state(0)).isEqualTo(State.PENDING);
    harness.deliver(List.of(ShardHarness.batch("t", 0, 0, "a")));
    assertThat(offsets(frames)).isEmpty();

    harness.live("t", 0, 0);
    assertThat(sub.state(0)).isEqualTo(State.LIVE);
    assertThat(sub.state(1)).isEqualTo(State.LIVE);
    harness.deliver(List.of(ShardHarness.batch("t", 1, 0, "a")));
    assertThat(offsets(frames)).containsExactly(0L);
  }

  @Test
  void behindTheLivePositionItCatchesUpFromMemoryWhenTheShardHoldsTheRange() {
    harness.live("t", 0);
    Client early = harness.discardingClient();
    harness.subscribe(early, "t", null, 0); // keeps the topic live on the shard
    harness.deliver(List.of(ShardHarness.batch("t", 0, 0, "a", "b", "c", "d")));

    TestSockets.Frames frames = TestSockets.capturing();
    Subscription late = harness.subscribe(harness.client(frames), "t", null, 1);
    assertThat(late.state(0)).isEqualTo(State.LIVE);
    assertThat(late.cursor(0)).isEqualTo(4);
    assertThat(offsets(frames)).containsExactly(1L, 2L, 3L);
    assertThat(harness.metrics().memoryCatchUps().count()).isEqualTo(1.0);
  }

  @Test
  void behindWhatTheShardHoldsItCatchesUpFromTheLogWithAReplayJob() {
    harness.live("t", 100);
    Subscription sub = harness.subscribe(harness.discardingClient(), "t", null, 10);
    assertThat(sub.state(0)).isEqualTo(State.CATCHING_UP);
    assertThat(sub.job(0)).isNotNull();
    assertThat(harness.replayQueued()).isEqualTo(1);
  }

  @Test
  void aCongestedClientPausesItsLivePartitionsAndSettlesThemWhenItDrains() {
    harness.live("t", 0);
    Client client = harness.discardingClient();
    Subscription sub = harness.subscribe(client, "t", null, 0);
    harness.shard().congested(client);
    assertThat(sub.state(0)).isEqualTo(State.PAUSED);
    assertThat(client.behindSinceMs()).isPositive();
    assertThat(harness.metrics().demoted().count()).isEqualTo(1.0);

    harness.deliver(List.of(ShardHarness.batch("t", 0, 0, "a", "b"))); // not for a paused partition
    assertThat(sub.cursor(0)).isZero();
    harness.shard().drained(client); // the shard holds 0..1: caught up from memory, live again
    assertThat(sub.state(0)).isEqualTo(State.LIVE);
    assertThat(sub.cursor(0)).isEqualTo(2);
    assertThat(client.behindSinceMs()).isZero();
  }

  @Test
  void theLiveStreamDroppedPutsLivePartitionsBackToPendingAndUnsubscribingClosesTheSubscription() {
    harness.live("t", 0);
    Subscription sub = harness.subscribe(harness.discardingClient(), "t", null, 0);
    harness.shard().onDropped("t");
    assertThat(sub.state(0)).isEqualTo(State.PENDING);
    harness.shard().unregister(sub);
    assertThat(sub.closed()).isTrue();
    assertThat(sub.client().subscriptions()).isEmpty();
    assertThat(harness.metrics().subscriptions().get()).isZero();
  }

  @Test
  void aKeyedCursorPassesTheRecordsOfOtherKeysWhenItLeavesTheLiveStream() {
    harness.live("t", 0);
    TestSockets.Frames frames = TestSockets.capturing();
    Client client = harness.client(frames);
    Subscription sub = harness.subscribe(client, "t", "a", 0);
    harness.deliver(List.of(ShardHarness.batch("t", 0, 0, "a", "b", "b", "b", "b")));
    assertThat(sub.cursor(0)).isEqualTo(1); // live: moved by its key only

    harness.shard().congested(client);
    assertThat(sub.cursor(0)).isEqualTo(5); // the others' records are behind it, not lag
    assertThat(harness.shard().recordsBehind(sub)).isZero();
    harness.shard().drained(client);
    assertThat(sub.state(0)).isEqualTo(State.LIVE);
    assertThat(harness.metrics().memoryCatchUps().count()).isZero(); // nothing to catch up
    harness.deliver(List.of(ShardHarness.batch("t", 0, 5, "b", "a")));
    assertThat(offsets(frames)).containsExactly(0L, 6L);

    harness.shard().onDropped("t");
    assertThat(sub.cursor(0)).isEqualTo(7);
    assertThat(sub.state(0)).isEqualTo(State.PENDING);
  }

  @Test
  void partitionsAddedToATopicReachItsSubscriptionsFromTheirStart() {
    harness.live("t", 5);
    TestSockets.Frames frames = TestSockets.capturing();
    Subscription sub = harness.subscribe(harness.client(frames), "t", "a", 5);
    harness.live("t", -1, 0); // the live reader announces partition 1 at its log start
    assertThat(sub.partitions()).isEqualTo(2);
    assertThat(sub.state(1)).isEqualTo(State.LIVE);
    harness.deliver(List.of(ShardHarness.batch("t", 1, 0, "a", "b", "a"), ShardHarness.batch("t", 0, 5, "a")));
    assertThat(offsets(frames)).containsExactly(0L, 2L, 5L);

    // described before the topic grew: the shard gives it every partition it knows
    Subscription late = harness.subscribe(harness.discardingClient(), "t", null, 6);
    assertThat(late.partitions()).isEqualTo(2);
    assertThat(late.state(1)).isEqualTo(State.LIVE); // from 0: caught up from the shard's memory
    assertThat(late.cursor(1)).isEqualTo(3);
  }

  @Test
  void aRecreatedTopicRestartsItsSubscriptionsOnTheNewLogAndTellsTheClientFirst() {
    harness.live("t", 500);
    TestSockets.Frames frames = TestSockets.capturing();
    Subscription sub = harness.subscribe(harness.client(frames), "t", null, 500);
    harness.deliver(List.of(ShardHarness.batch("t", 0, 500, "a", "b")));

    harness.shard().onRecreated("t", "epoch-2", new long[] {0, 0}); // and it has two partitions now
    harness.shard().writeOut();
    assertThat(sub.epoch()).isEqualTo("epoch-2");
    assertThat(sub.partitions()).isEqualTo(2);
    assertThat(sub.state(0)).isEqualTo(State.LIVE);
    harness.deliver(List.of(ShardHarness.batch("t", 0, 0, "c", "d"), ShardHarness.batch("t", 1, 0, "e")));

    List<JsonObject> objects = frames.texts().stream().map(JsonObject::new).toList();
    JsonObject restarted = objects.get(2);
    assertThat(restarted.getString("type")).isEqualTo("subscribed");
    assertThat(restarted.getValue("id")).isNull();
    assertThat(restarted.getString("epoch")).isEqualTo("epoch-2");
    assertThat(restarted.getBoolean("recovered")).isFalse();
    assertThat(restarted.getString("reason")).isEqualTo("epoch");
    assertThat(offsets(frames)).containsExactly(500L, 501L, 0L, 1L, 0L); // nothing of the new log skipped
  }

  @Test
  void recordsBehindCountsOnlyLaggingPartitions() {
    harness.live("t", 100, 50);
    Subscription sub = harness.subscribe(harness.discardingClient(), "t", null, 10, 50);
    assertThat(harness.shard().recordsBehind(sub)).isEqualTo(90);
  }
}
