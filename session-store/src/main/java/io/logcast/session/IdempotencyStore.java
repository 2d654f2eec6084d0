package io.logcast.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Remembers the result of a publish under its idempotency key for a window, so a retried request
 * is answered with the first result and written nothing. A reservation is owned by the member that
 * made it and leased: when that member leaves the cluster, or the lease runs out, the next
 * {@link #reserve} takes it over as {@link State#RESOLVE}, never as a fresh key.
 */
public interface IdempotencyStore {
  /** Longer than any publish can take; only a lost owner lets a lease run out. */
  Duration DEFAULT_LEASE = Duration.ofMinutes(1);
  /**
   * Keys a member holds (its own entries, not backups; a few hundred bytes each) before it refuses
   * new ones: 1,000 keyed publishes a second for the default 600 s window on three members.
   */
  int DEFAULT_MAX_KEYS_PER_MEMBER = 200_000;

  /**
   * Reserves {@code key}. Empty when the caller won a fresh key and must do the work, then
   * {@link #complete} it; otherwise what the key holds. With {@link State#RESOLVE} the caller holds
   * the key too, but an earlier attempt may have written: it must look in the log first.
   */
  CompletionStage<Optional<Entry>> reserve(String key, Duration window, Duration lease);

  default CompletionStage<Optional<Entry>> reserve(String key, Duration window) {
    return reserve(key, window, DEFAULT_LEASE);
  }

  CompletionStage<Void> complete(String key, String result, Duration window);

  /** Drops a reservation whose work certainly wrote nothing, so a retry writes. */
  CompletionStage<Void> release(String key);

  /**
   * The work may or may not have written (a delivery timeout, a partial batch): the next reserve
   * gets {@link State#RESOLVE} with {@code sinceMs}, the first attempt's start.
   */
  CompletionStage<Void> markUnknown(String key, long sinceMs, Duration window);

  /**
   * A new key refused because the store holds its bound of keys: a retry succeeds once older keys'
   * windows end. Keys already held are still answered, so a retry never writes twice.
   */
  final class Full extends RuntimeException {
    public Full() {
      super("idempotency store full", null, false, false);
    }
  }

  enum State {
    /** Another live member is publishing under the key. */
    IN_FLIGHT,
    /** The caller now owns the key; records written since {@link Entry#sinceMs()} may carry it. */
    RESOLVE,
    /** Finished: {@link Entry#result()} is the answer. */
    DONE
  }

  record Entry(State state, String result, long sinceMs) {
    public boolean inFlight() {
      return state == State.IN_FLIGHT;
    }
  }
}
