package io.logcast.gateway.live;

import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.log.PartitionBatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentRecordsTest {
  /** Records of 10 bytes at consecutive offsets. */
  private static PartitionBatch batch(long from, int n) {
    List<EncodedRecord> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      records.add(new EncodedRecord(from + i, null, new byte[10], 0));
    }
    return new PartitionBatch("t", 0, records, from + n, 0);
  }

  private static List<Long> offsetsFrom(RecentRecords.Window w, long offset) {
    List<Long> out = new ArrayList<>();
    RecentRecords.forEachFrom(w, offset, r -> out.add(r.offset()));
    return out;
  }

  @Test
  void coversFromWhereTheStreamWentLiveAndHandsOutEverythingFromAnOffset() {
    RecentRecords recent = new RecentRecords(1_000);
    RecentRecords.Window w = RecentRecords.windows(new long[] {100})[0];
    recent.keep(w, batch(100, 3));
    recent.keep(w, batch(103, 2));
    assertThat(RecentRecords.bytesFrom(w, 99)).isEqualTo(-1);
    assertThat(RecentRecords.bytesFrom(w, 100)).isEqualTo(50);
    assertThat(offsetsFrom(w, 102)).containsExactly(102L, 103L, 104L);
    assertThat(offsetsFrom(w, 105)).isEmpty(); // at the live position: covered, nothing to send
    assertThat(RecentRecords.bytesFrom(w, 105)).isZero();
  }

  @Test
  void withNoBudgetNothingIsCoveredOnceTheStreamMoved() {
    RecentRecords recent = new RecentRecords(0);
    RecentRecords.Window w = RecentRecords.windows(new long[] {100})[0];
    assertThat(RecentRecords.bytesFrom(w, 100)).isZero(); // live at 100, nothing delivered yet
    recent.keep(w, batch(100, 3));
    assertThat(RecentRecords.bytesFrom(w, 100)).isEqualTo(-1); // 100–102 were not kept: a replay serves them
    assertThat(RecentRecords.floor(w)).isEqualTo(-1);
  }

  @Test
  void theOldestRecordsAcrossPartitionsGoFirstAndCoverageMovesPastThem() {
    RecentRecords recent = new RecentRecords(60);
    RecentRecords.Window a = RecentRecords.windows(new long[] {0})[0];
    RecentRecords.Window b = RecentRecords.windows(new long[] {50})[0];
    recent.keep(a, batch(0, 3));   // 30 bytes held
    recent.keep(b, batch(50, 2));  // 50
    recent.keep(a, batch(3, 2));   // 70 > 60: a's record 0 goes
    assertThat(RecentRecords.bytesFrom(a, 0)).isEqualTo(-1);
    assertThat(offsetsFrom(a, 1)).containsExactly(1L, 2L, 3L, 4L);
    recent.keep(b, batch(52, 4));  // 100: a's records 1 and 2 (its first batch), then b's 50 and 51
    assertThat(RecentRecords.bytesFrom(a, 2)).isEqualTo(-1);
    assertThat(offsetsFrom(a, 3)).containsExactly(3L, 4L);
    assertThat(RecentRecords.bytesFrom(b, 51)).isEqualTo(-1);
    assertThat(offsetsFrom(b, 52)).containsExactly(52L, 53L, 54L, 55L);
  }

  @Test
  void aBatchLargerThanTheBudgetKeepsItsNewestRecords() {
    RecentRecords recent = new RecentRecords(35);
    RecentRecords.Window w = RecentRecords.windows(new long[] {0})[0];
    recent.keep(w, batch(0, 10));
    assertThat(offsetsFrom(w, 7)).containsExactly(7L, 8L, 9L);
    assertThat(RecentRecords.bytesFrom(w, 6)).isEqualTo(-1);
  }

  @Test
  void aDroppedWindowCoversNothingAndNoBudgetKeepsNothing() {
    RecentRecords recent = new RecentRecords(1_000);
    RecentRecords.Window w = RecentRecords.windows(new long[] {0})[0];
    recent.keep(w, batch(0, 2));
    RecentRecords.drop(w);
    assertThat(RecentRecords.bytesFrom(w, 0)).isEqualTo(-1);

    RecentRecords none = new RecentRecords(0);
    RecentRecords.Window n = RecentRecords.windows(new long[] {0})[0];
    none.keep(n, batch(0, 2));
    assertThat(offsetsFrom(n, 0)).isEmpty();
    RecentRecords.Window unknown = RecentRecords.windows(new long[] {-1})[0];
    assertThat(RecentRecords.bytesFrom(unknown, 0)).isEqualTo(-1);
  }
}
