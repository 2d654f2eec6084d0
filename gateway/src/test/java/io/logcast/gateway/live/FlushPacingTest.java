package io.logcast.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlushPacingTest {
  private static final long MS = 1_000_000;

  @Test
  void idleItIsAlwaysDue() {
    FlushPacing pacing = new FlushPacing(0.5);
    assertThat(pacing.due(System.nanoTime())).isTrue();
  }

  @Test
  void afterACycleTheNextWaitsForItsDurationDividedByTheDuty() {
    FlushPacing pacing = new FlushPacing(0.25);
    long start = 1_000 * MS;
    pacing.cycle(start, start + 2 * MS, true); // 2 ms of writing at 25 %: the next no sooner than 8 ms after the start
    assertThat(pacing.due(start + 2 * MS)).isFalse();
    assertThat(pacing.delayMs(start + 2 * MS)).isEqualTo(6);
    assertThat(pacing.due(start + 7 * MS + 999_999)).isFalse();
    assertThat(pacing.due(start + 8 * MS)).isTrue();
  }

  @Test
  void aFullDutyNeverWaitsAndTheDelayIsAtLeastOneTimerTick() {
    FlushPacing full = new FlushPacing(1.0);
    full.cycle(0, 5 * MS, true);
    assertThat(full.due(5 * MS)).isTrue();
    FlushPacing half = new FlushPacing(0.5);
    half.cycle(0, 10_000, true); // 10 µs
    assertThat(half.delayMs(10_000)).isEqualTo(1);
  }

  @Test
  void aCycleThatWasNotAFanOutNeverHoldsTheNextBack() {
    FlushPacing pacing = new FlushPacing(0.25);
    long start = 1_000 * MS;
    pacing.cycle(start, start + 2 * MS, false); // keyed: waiting would not fill its frames
    assertThat(pacing.due(start + 2 * MS)).isTrue();
  }

  @Test
  void aDutyOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new FlushPacing(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FlushPacing(1.5)).isInstanceOf(IllegalArgumentException.class);
  }
}
