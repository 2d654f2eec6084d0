package io.logcast.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Remembers the result of a publish under its idempotency key for a window, so a retried request
 * is answered with the first result and written nothing.
 */
public interface IdempotencyStore {

  /**
   * Reserves {@code key}. Empty when the caller won the reservation and must do the work, then
   * {@link #complete} it; otherwise the stored result ({@link Entry#result()} null while the first
   * attempt is still in flight).
   */
  CompletionStage<Optional<Entry>> reserve(String key, Duration window);

  CompletionStage<Void> complete(String key, String result, Duration window);

  /** Drops a reservation whose work failed, so a retry can try again. */
  CompletionStage<Void> release(String key);

  record Entry(String result) {
    public boolean inFlight() {
      return result == null;
    }
  }
}
