package io.logcast.gateway.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.log.EncodedRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cursor rule: a record goes out only at or past its partition's cursor, which then moves past it. */
class SubscriptionTest {
  private final List<Client> dirty = new ArrayList<>();
  private final Client client = new Client(TestSockets.discarding(), new Client.Shard() {
    @Override
    public void dirty(Client c) {
      dirty.add(c);
    }

    @Override
    public void congested(Client c) {
    }

    @Override
    public void drained(Client c) {
    }
  }, null, null);

  private static EncodedRecord record(long offset, String key) {
    return new EncodedRecord(offset, key, new byte[] {'{', '}'}, 0);
  }

  @Test
  void acceptsEachOffsetOnceAndInOrder() {
    Subscription sub = new Subscription(client, "t", null, "e", new long[] {5, 0});
    assertThat(sub.accept(0, record(4, null))).isFalse();
    assertThat(sub.accept(0, record(5, null))).isTrue();
    assertThat(sub.accept(0, record(5, null))).isFalse();
    assertThat(sub.accept(0, record(9, null))).isTrue(); // a hole in the offsets (compaction, markers) is fine
    assertThat(sub.accept(0, record(7, null))).isFalse();
    assertThat(sub.cursor(0)).isEqualTo(10);
    assertThat(sub.cursor(1)).isZero();
    assertThat(dirty).containsExactly(client); // one write-cycle mark for everything queued
  }

  @Test
  void advanceNeverMovesACursorBack() {
    Subscription sub = new Subscription(client, "t", "k", "e", new long[] {5});
    sub.advance(0, 3);
    assertThat(sub.cursor(0)).isEqualTo(5);
    sub.advance(0, 8);
    assertThat(sub.cursor(0)).isEqualTo(8);
    assertThat(sub.wants("k")).isTrue();
    assertThat(sub.wants("other")).isFalse();
    assertThat(sub.wants(null)).isFalse();
  }

  @Test
  void startsPendingAndIsLiveOnlyWhenEveryPartitionIs() {
    Subscription sub = new Subscription(client, "t", null, "e", new long[] {0, 0});
    assertThat(sub.state(0)).isEqualTo(Subscription.State.PENDING);
    sub.state(0, Subscription.State.LIVE);
    assertThat(sub.allLive()).isFalse();
    sub.state(1, Subscription.State.LIVE);
    assertThat(sub.allLive()).isTrue();
  }

  @Test
  void closingRemovesItFromItsClientOnce() {
    Subscription sub = new Subscription(client, "t", null, "e", new long[] {0});
    assertThat(client.subscriptions()).containsExactly(sub);
    assertThat(sub.close()).isTrue();
    assertThat(sub.close()).isFalse();
    assertThat(client.subscriptions()).isEmpty();
  }
}
