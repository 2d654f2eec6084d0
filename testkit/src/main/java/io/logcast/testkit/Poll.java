package io.logcast.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes. */
public final class Poll {
  private static final long INTERVAL_MS = 25;

  private Poll() {
  }

  /**
   * Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held, for
   * the caller's own assertion (which then says what was expected).
   */
  public static boolean within(Duration timeout, BooleanSupplier condition) {
    try {
      until(System.nanoTime() + timeout.toNanos(), condition, () -> new IllegalStateException("timed out"));
      return true;
    } catch (IllegalStateException timedOut) {
      if (Thread.currentThread().isInterrupted()) {
        throw timedOut;
      }
      return false;
    }
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
