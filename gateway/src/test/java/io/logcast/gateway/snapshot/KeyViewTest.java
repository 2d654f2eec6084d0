package io.logcast.gateway.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.protocol.ErrorCode;
import io.logcast.gateway.protocol.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class KeyViewTest {
  private static final long BIG = 1L << 30;

  private static EncodedRecord rec(long offset, String key, String frame) {
    return new EncodedRecord(offset, key, frame.getBytes(StandardCharsets.UTF_8), 0);
  }

  private static Map<String, String> values(Snapshot s) {
    return s.entries().stream().collect(Collectors.toMap(Entry::key,
        e -> new String(e.record().frame(), StandardCharsets.UTF_8) + "@" + e.partition() + ":" + e.record().offset()));
  }

  @Test
  void keepsTheLatestRecordPerKeyAndATombstoneDeletesIt() {
    KeyView v = new KeyView("t", 2, BIG);
    v.apply(0, rec(0, "a", "a1"), false);
    v.apply(1, rec(0, "b", "b1"), false);
    v.apply(0, rec(1, "a", "a2"), false);
    v.apply(1, rec(1, "b", "null"), true);
    v.apply(0, rec(2, null, "no key"), false);
    v.advance(new long[] {3, 2});
    Snapshot s = v.snapshot(null);
    assertThat(values(s)).isEqualTo(Map.of("a", "a2@0:1"));
    assertThat(s.positions()).containsExactly(3, 2);
    assertThat(v.keys()).isEqualTo(1);
    assertThat(v.bytes()).isEqualTo(2 + 1 + KeyView.ENTRY_OVERHEAD_BYTES);
    // a key deleted and written again is back
    v.apply(1, rec(2, "b", "b3"), false);
    assertThat(values(v.snapshot("b"))).isEqualTo(Map.of("b", "b3@1:2"));
    assertThat(v.snapshot("zzz").entries()).isEmpty();
  }

  @Test
  void positionsFollowAppliedRecordsAndTheReadersPositionButNeverGoBack() {
    KeyView v = new KeyView("t", 2, BIG);
    assertThat(v.positions()).containsExactly(0, 0);
    v.apply(0, rec(4, "a", "x"), false);
    assertThat(v.positions()).containsExactly(5, 0);
    v.advance(new long[] {7, 3}); // past a transaction marker, an empty partition's log start
    assertThat(v.positions()).containsExactly(7, 3);
    v.advance(new long[] {6, 3});
    assertThat(v.positions()).containsExactly(7, 3);
  }

  @Test
  void aSnapshotIsACopyLaterRecordsDoNotChange() {
    KeyView v = new KeyView("t", 1, BIG);
    v.apply(0, rec(0, "a", "a1"), false);
    v.advance(new long[] {1});
    Snapshot s = v.snapshot(null);
    v.apply(0, rec(1, "a", "a2"), false);
    v.apply(0, rec(2, "b", "b1"), false);
    v.advance(new long[] {3});
    assertThat(values(s)).isEqualTo(Map.of("a", "a1@0:0"));
    assertThat(s.positions()).containsExactly(1);
    assertThatThrownBy(() -> s.entries().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void overItsByteBoundTheViewFailsDropsEverythingAndAnswersLimitExceeded() {
    long perEntry = 10 + 2 + KeyView.ENTRY_OVERHEAD_BYTES; // a 10-byte frame, a 2-character key
    KeyView v = new KeyView("big", 1, 3 * perEntry);
    CompletableFuture<Snapshot> waiting = v.when(new long[] {100}, null);
    for (int i = 0; i < 3; i++) {
      v.apply(0, rec(i, "k" + i, "0123456789".substring(0, 9)), false);
    }
    // replacing a key's record does not count it twice
    v.apply(0, rec(3, "k0", "0123456789"), false);
    assertThat(v.failure()).isNull();
    v.apply(0, rec(4, "k1", "0123456789"), false);
    v.apply(0, rec(5, "k2", "0123456789"), false);
    assertThat(v.bytes()).isEqualTo(3 * perEntry);
    assertThat(v.failure()).isNull();
    v.apply(0, rec(6, "k3", "x"), false);

    assertThat(v.failure().code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
    assertThat(v.failure().message()).isEqualTo("the snapshot of topic 'big' is larger than snapshot.maxBytesPerTopic ("
        + 3 * perEntry + " bytes)");
    assertThat(v.keys()).isZero();
    assertThat(v.bytes()).isZero();
    assertThat(waiting).isCompletedExceptionally();
    assertThatThrownBy(() -> v.snapshot(null)).isInstanceOf(ProtocolException.class);
    assertThat(v.when(new long[] {0}, null)).isCompletedExceptionally();
    v.apply(0, rec(7, "k4", "x"), false);
    assertThat(v.keys()).as("nothing is applied once failed").isZero();
  }

  @Test
  void aWaiterGetsItsSnapshotOnceEveryPartitionReachedItsTarget() {
    KeyView v = new KeyView("t", 2, BIG);
    CompletableFuture<Snapshot> f = v.when(new long[] {2, 1}, null);
    CompletableFuture<Snapshot> keyed = v.when(new long[] {1, 0}, "a");
    assertThat(v.waiting()).isEqualTo(2);
    v.apply(0, rec(0, "a", "a1"), false);
    v.advance(new long[] {1, 0});
    assertThat(f).isNotDone();
    assertThat(values(keyed.join())).isEqualTo(Map.of("a", "a1@0:0"));
    v.apply(0, rec(1, "b", "b1"), false);
    v.advance(new long[] {2, 0});
    assertThat(f).isNotDone();
    v.advance(new long[] {2, 1});
    Snapshot s = f.join();
    assertThat(values(s)).containsOnlyKeys("a", "b");
    assertThat(s.positions()).containsExactly(2, 1);
    assertThat(v.waiting()).isZero();
    // already there: answered at once
    assertThat(v.when(new long[] {1, 1}, null)).isCompleted();
  }

  @Test
  void aCallerThatStopsWaitingIsForgotten() {
    KeyView v = new KeyView("t", 1, BIG);
    CompletableFuture<Snapshot> f = v.when(new long[] {5}, null);
    v.forget(f);
    assertThat(v.waiting()).isZero();
  }
}
