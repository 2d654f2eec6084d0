package io.logcast.gateway.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class StartPositionsTest {
  private static final long[] EARLIEST = {10, 0, 5};
  private static final long[] LATEST = {100, 50, 5};

  @Test
  void offsetsWithinRangeAreKeptAndRecovered() {
    Start s = StartPositions.position(Map.of(0, 10L, 1, 50L, 2, 5L), EARLIEST, LATEST);
    assertThat(s.cursors()).containsExactly(10, 50, 5);
    assertThat(s.recovered()).isTrue();
    assertThat(s.reason()).isNull();
  }

  @Test
  void partitionNotNamedStartsAtEarliest() {
    Start s = StartPositions.position(Map.of(1, 20L), EARLIEST, LATEST);
    assertThat(s.cursors()).containsExactly(10, 20, 5);
    assertThat(s.recovered()).isTrue();
    assertThat(StartPositions.position(Map.of(), EARLIEST, LATEST).cursors()).containsExactly(EARLIEST);
  }

  @Test
  void belowEarliestIsRetentionAndKeepsTheCursorForTheGap() {
    Start s = StartPositions.position(Map.of(0, 3L, 1, 7L, 2, 5L), EARLIEST, LATEST);
    assertThat(s.cursors()).containsExactly(3, 7, 5);
    assertThat(s.recovered()).isFalse();
    assertThat(s.reason()).isEqualTo("retention");
  }

  @Test
  void beyondLatestIsFutureAndStartsAtTheEnd() {
    Start s = StartPositions.position(Map.of(0, 500L, 1, 7L, 2, 6L), EARLIEST, LATEST);
    assertThat(s.cursors()).containsExactly(100, 7, 5);
    assertThat(s.recovered()).isFalse();
    assertThat(s.reason()).isEqualTo("future");
  }

  @Test
  void futureWinsOverRetentionWhicheverPartitionComesFirst() {
    assertThat(StartPositions.position(Map.of(0, 1L, 1, 60L), EARLIEST, LATEST).reason()).isEqualTo("future");
    assertThat(StartPositions.position(Map.of(0, 200L, 1, 0L, 2, 1L), EARLIEST, LATEST).reason()).isEqualTo("future");
  }

  @Test
  void onlyAPositionPastASharedEndIsCheckedAgainstAFreshOne() {
    // LATEST is {100, 50, 5}: a shared answer may be a round trip old, so "future" needs a new look
    assertThat(StartPositions.beyond(Map.of(0, 100L, 1, 50L, 2, 5L), LATEST)).isFalse();
    assertThat(StartPositions.beyond(Map.of(1, 51L), LATEST)).isTrue();
    assertThat(StartPositions.beyond(Map.of(), LATEST)).isFalse();
  }

  @Test
  void aPositionHeldInMemoryNeedsNoLookUp() {
    long[] live = {40, 70};
    long[] floors = {30, 60};
    assertThat(StartPositions.inMemory(Map.of(0, 30L, 1, 70L), live, floors)).containsExactly(30, 70);
  }

  @Test
  void anythingOutsideMemoryGoesToTheLog() {
    long[] live = {40, 70};
    long[] floors = {30, 60};
    assertThat(StartPositions.inMemory(Map.of(0, 29L, 1, 65L), live, floors)).as("below the floor").isNull();
    assertThat(StartPositions.inMemory(Map.of(0, 35L, 1, 71L), live, floors)).as("ahead of live").isNull();
    assertThat(StartPositions.inMemory(Map.of(0, 35L), live, floors)).as("a partition not named").isNull();
    assertThat(StartPositions.inMemory(Map.of(0, 35L, 1, 65L), live, new long[] {-1, 60})).as("nothing kept").isNull();
    assertThat(StartPositions.inMemory(Map.of(0, 35L, 1, 65L), null, null)).as("not live here").isNull();
  }

  @Test
  void aTimeWithNoRecordAfterItStartsAtTheEndTakenBeforeTheLookUpSoNothingWrittenMeanwhileIsSkipped() {
    // partition 1 has nothing at or after the time; its end was 50 before the look-up
    Start s = StartPositions.atTime(new long[] {42, -1, 7}, new long[] {60, 50, 9});
    assertThat(s.cursors()).containsExactly(42, 50, 7);
    assertThat(s.recovered()).isTrue();
  }
}
