package io.logcast.gateway.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.catchup.ReplayChunk;
import io.logcast.gateway.log.EncodedRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

class PartitionScanTest {
  /** Reads like the replay pool: up to {@code chunk} offsets from where the scan asks, matching ones kept. */
  private static void drive(PartitionScan scan, long logEnd, int chunk, LongPredicate matches) {
    for (int turns = 0; !scan.done() && turns < 10_000; turns++) {
      long from = scan.readFrom();
      List<EncodedRecord> records = new ArrayList<>();
      long to = Math.min(logEnd, from + chunk);
      for (long o = from; o < to; o++) {
        if (matches.test(o)) {
          records.add(new EncodedRecord(o, "k", new byte[10], o));
        }
      }
      scan.onChunk(new ReplayChunk(records, to, -1, -1));
    }
    assertThat(scan.done()).isTrue();
  }

  private static List<Long> offsets(PartitionScan scan) {
    return scan.kept.stream().map(EncodedRecord::offset).toList();
  }

  @Test
  void forwardStopsAtTheLimitAndContinuesAtTheFirstRecordNotKept() {
    PartitionScan scan = new PartitionScan(0, true, 10, 0, 1_000, 5, 1 << 20);
    drive(scan, 1_000, 7, o -> o % 3 == 0);
    assertThat(offsets(scan)).containsExactly(12L, 15L, 18L, 21L, 24L);
    assertThat(scan.continuation(5)).isEqualTo(27); // the first match not kept; 25 and 26 do not match
    assertThat(scan.continuation(2)).isEqualTo(18);
    assertThat(scan.exhausted(5)).isFalse();
  }

  @Test
  void forwardReachingTheEndIsExhausted() {
    PartitionScan scan = new PartitionScan(0, true, 0, 0, 20, 100, 1 << 20);
    drive(scan, 30, 7, o -> true);
    assertThat(offsets(scan)).hasSize(20).last().isEqualTo(19L);
    assertThat(scan.continuation(20)).isEqualTo(20);
    assertThat(scan.exhausted(20)).isTrue();
    assertThat(scan.exhausted(19)).isFalse();
  }

  @Test
  void backwardWidensItsWindowForARareKeyAndKeepsTheNewestFirst() {
    // matches at 7, 1,007, 2,007, ... below 10,000: windows of 100, 200, 400 ... find them
    PartitionScan scan = new PartitionScan(0, false, 10_000, 0, 0, 3, 1 << 20);
    drive(scan, 10_000, 50, o -> o % 1_000 == 7);
    assertThat(offsets(scan)).containsExactly(9_007L, 8_007L, 7_007L);
    assertThat(scan.continuation(3)).isLessThanOrEqualTo(7_007L).isGreaterThan(6_007L);
    assertThat(scan.continuation(1)).isEqualTo(8_008L);
    assertThat(scan.exhausted(3)).isFalse();
  }

  @Test
  void backwardStopsAtTheLogStart() {
    PartitionScan scan = new PartitionScan(0, false, 150, 40, 0, 1_000, 1 << 20);
    drive(scan, 150, 30, o -> true);
    assertThat(offsets(scan)).hasSize(110).first().isEqualTo(149L);
    assertThat(offsets(scan)).last().isEqualTo(40L);
    assertThat(scan.exhausted(110)).isTrue();
    assertThat(scan.continuation(10)).isEqualTo(140);
  }

  @Test
  void backwardWithTheLimitReachedInsideAWindowResumesAboveTheNewestRecordLeft() {
    PartitionScan scan = new PartitionScan(0, false, 1_000, 0, 0, 10, 1 << 20);
    drive(scan, 1_000, 64, o -> o % 2 == 0);
    assertThat(offsets(scan)).containsExactly(998L, 996L, 994L, 992L, 990L, 988L, 986L, 984L, 982L, 980L);
    assertThat(scan.continuation(10)).isEqualTo(979);
  }

  @Test
  void aPageByteBoundStopsKeepingButLosesNothing() {
    PartitionScan scan = new PartitionScan(0, true, 0, 0, 100, 100, 35);
    drive(scan, 100, 10, o -> true);
    assertThat(offsets(scan)).containsExactly(0L, 1L, 2L, 3L);
    assertThat(scan.continuation(4)).isEqualTo(4);
  }

  @Test
  void aGapIsKeptAndReadingGoesOnAfterIt() {
    PartitionScan scan = new PartitionScan(0, true, 5, 0, 100, 3, 1 << 20);
    scan.onChunk(ReplayChunk.gap(5, 40));
    assertThat(scan.readFrom()).isEqualTo(40);
    assertThat(scan.gaps).hasSize(1);
    assertThat(scan.gaps.get(0)).containsExactly(5, 40);
  }
}
