package io.logcast.gateway.catchup;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.log.LogBounds;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.protocol.From;
import io.logcast.gateway.protocol.Position;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.Map;
import org.apache.kafka.clients.admin.OffsetSpec;
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

  /** Shared answers one round trip old (the end was 50 on partition 1); a fresh look-up sees 60. */
  private static final class StaleShared implements LogBounds {
    int fresh;

    @Override
    public Future<long[]> offsets(TopicInfo topic, OffsetSpec spec, Context ctx) {
      fresh++;
      return Future.succeededFuture(new long[] {100, 60, 5});
    }

    @Override
    public Future<long[]> offsetsShared(TopicInfo topic, OffsetSpec spec, Context ctx) {
      return Future.succeededFuture(spec instanceof OffsetSpec.EarliestSpec ? EARLIEST.clone() : LATEST.clone());
    }
  }

  private static Start resolve(LogBounds bounds, Map<Integer, Long> offsets) {
    TopicInfo info = new TopicInfo("t", "e1", 3);
    return new StartPositions(bounds).resolve(new From.At(new Position("e1", offsets)), info, null, null, null).result();
  }

  @Test
  void aPositionPastASharedEndIsResolvedAgainstAFreshOneNotCalledFuture() {
    StaleShared bounds = new StaleShared();
    Start s = resolve(bounds, Map.of(0, 20L, 1, 55L, 2, 5L));
    assertThat(s.reason()).isNull();
    assertThat(s.cursors()).containsExactly(20, 55, 5);
    assertThat(bounds.fresh).isEqualTo(1);
    Start future = resolve(bounds, Map.of(0, 20L, 1, 70L, 2, 5L));
    assertThat(future.reason()).as("past the fresh end too").isEqualTo("future");
    assertThat(future.cursors()).containsExactly(20, 60, 5);
  }

  @Test
  void aPositionWithinTheSharedBoundsNeedsNoRequestOfItsOwn() {
    StaleShared bounds = new StaleShared();
    assertThat(resolve(bounds, Map.of(0, 20L, 1, 50L, 2, 5L)).cursors()).containsExactly(20, 50, 5);
    assertThat(bounds.fresh).isZero();
  }
}
