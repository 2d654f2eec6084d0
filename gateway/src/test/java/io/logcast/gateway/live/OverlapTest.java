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

/**
 * A whole-topic and keyed subscriptions of one topic on one connection: each record is written
 * once while both are live, marked with whom it is for; apart, each gets its own copy, marked.
 */
class OverlapTest {
  private final ShardHarness harness = new ShardHarness(null);

  /** "offset:for" of each message, in order ("-" when unmarked). */
  private static List<String> received(TestSockets.Frames frames) {
    List<String> out = new ArrayList<>();
    for (String t : frames.texts()) {
      JsonObject o = new JsonObject(t);
      if ("message".equals(o.getString("type"))) {
        out.add(o.getLong("offset") + ":" + o.getString("for", "-"));
      }
    }
    return out;
  }

  @Test
  void bothLiveEachRecordIsWrittenOnceAndMarked() {
    harness.live("t", 0);
    TestSockets.Frames frames = TestSockets.capturing();
    Client c = harness.client(frames);
    Subscription whole = harness.subscribe(c, "t", null, 0);
    Subscription keyed = harness.subscribe(c, "t", "a", 0);
    assertThat(c.overlaps("t")).isTrue();
    harness.deliver(List.of(ShardHarness.batch("t", 0, 0, "a", "b", null, "a")));
    assertThat(received(frames)).containsExactly("0:both", "1:-", "2:-", "3:both");
    assertThat(whole.cursor(0)).isEqualTo(4);
    assertThat(keyed.cursor(0)).isEqualTo(4);
  }

  @Test
  void apartEachSubscriptionGetsItsOwnMarkedCopy() {
    harness.live("t", 10);
    TestSockets.Frames frames = TestSockets.capturing();
    Client c = harness.client(frames);
    Subscription whole = harness.subscribe(c, "t", null, 10);
    harness.subscribe(c, "t", "a", 10);
    whole.state(0, State.CATCHING_UP); // as if it were still reading the log behind the live stream
    harness.deliver(List.of(ShardHarness.batch("t", 0, 10, "a", "b")));
    assertThat(received(frames)).containsExactly("10:key");
    // the whole topic's own copies, from its catch-up: the a-record says it is for the topic only
    whole.accept(0, ShardHarness.record("t", 0, 10, "a", 0));
    whole.accept(0, ShardHarness.record("t", 0, 11, "b", 0));
    harness.shard().writeOut();
    assertThat(received(frames)).containsExactly("10:key", "10:topic", "11:-");
  }

  @Test
  void aKeyedSubscriptionBehindTheWholeTopicIsNeverMovedPastItsOwnRecords() {
    harness.live("t", 0);
    TestSockets.Frames frames = TestSockets.capturing();
    Client c = harness.client(frames);
    Subscription whole = harness.subscribe(c, "t", null, 0);
    Subscription keyed = harness.subscribe(c, "t", "a", 0);
    keyed.state(0, State.CATCHING_UP);
    whole.accept(0, ShardHarness.record("t", 0, 0, "a", 0)); // level: written once for both
    whole.accept(0, ShardHarness.record("t", 0, 3, "a", 0));
    // the keyed one is at 1, the whole topic was at 1: level, 1 and 2 do not exist, so 3 is for both
    assertThat(keyed.cursor(0)).isEqualTo(4);
    Subscription keyedB = harness.subscribe(c, "t", "b", 2); // behind: b's 2 may still come to it
    whole.accept(0, ShardHarness.record("t", 0, 5, "b", 0));
    assertThat(keyedB.cursor(0)).as("not moved past what it has not had").isEqualTo(2);
    harness.shard().writeOut();
    assertThat(received(frames)).containsExactly("0:both", "3:both", "5:topic");
  }

  @Test
  void withoutOverlapNothingIsMarkedAndTheBatchIsShared() {
    harness.live("t", 0);
    TestSockets.Frames frames = TestSockets.capturing();
    Client c = harness.client(frames);
    harness.subscribe(c, "t", null, 0);
    Subscription other = harness.subscribe(c, "u", "a", 0);
    assertThat(c.overlaps("t")).isFalse();
    harness.deliver(List.of(ShardHarness.batch("t", 0, 0, "a", "b")));
    assertThat(received(frames)).containsExactly("0:-", "1:-");
    assertThat(harness.metrics().frames().count()).isEqualTo(1.0);
    // an overlap that ends (the keyed subscription leaves) ends the marking
    Subscription keyed = harness.subscribe(c, "t", "a", 2);
    assertThat(c.overlaps("t")).isTrue();
    harness.shard().unregister(keyed);
    assertThat(c.overlaps("t")).isFalse();
    harness.deliver(List.of(ShardHarness.batch("t", 0, 2, "a")));
    assertThat(received(frames)).containsExactly("0:-", "1:-", "2:-");
    assertThat(other.cursor(0)).isZero();
  }
}
