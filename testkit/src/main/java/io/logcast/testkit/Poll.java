package io.logcast.testkit;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes. */
final class Poll {
  private static final long INTERVAL_MS = 25;

  private Poll() {
  }

  /** @throws RuntimeException from {@code onTimeout} when the deadline passes first */
  static void until(long deadlineNanos, BooleanSupplier condition, Supplier<RuntimeException> onTimeout) {
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadlineNanos > 0) {
        throw onTimeout.get();
      }
      try {
        // the pause between two polls of the condition, not a wait for something to happen
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while polling", e);
      }
    }
  }
}
