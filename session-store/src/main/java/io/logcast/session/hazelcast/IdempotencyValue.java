package io.logcast.session.hazelcast;

import io.logcast.session.IdempotencyStore.Entry;
import io.logcast.session.IdempotencyStore.State;
import java.util.UUID;

/**
 * The idempotency map's values are strings: a result (JSON, never starting with NUL) or a marker.
 * In flight: {@code NUL in-flight NUL owner NUL sinceMs NUL leaseUntilMs}, owner being the
 * reserving member's UUID; outcome unknown: {@code NUL unknown NUL sinceMs}. A bare
 * {@link HazelcastIdempotencyStore#IN_FLIGHT} (written by older members) is in flight with no owner.
 */
final class IdempotencyValue {
  static final String SEP = "\u0000";
  static final String UNKNOWN = SEP + "unknown";
  /** A Hazelcast client is never a member: its reservations end by lease alone. */
  static final String CLIENT = "client-";

  private IdempotencyValue() {}

  static boolean isResult(String v) {
    return v != null && !v.startsWith(SEP);
  }

  static String inFlight(String owner, long sinceMs, long leaseUntilMs) {
    return HazelcastIdempotencyStore.IN_FLIGHT + SEP + owner + SEP + sinceMs + SEP + leaseUntilMs;
  }

  static String unknown(long sinceMs) {
    return UNKNOWN + SEP + sinceMs;
  }

  static boolean isUnknown(String v) {
    return v.startsWith(UNKNOWN);
  }

  /** Null when the value has no owning member (an older member's marker, or a client's). */
  static UUID owner(String v) {
    String[] p = v.split(SEP, -1);
    return p.length >= 5 && !p[2].startsWith(CLIENT) ? UUID.fromString(p[2]) : null;
  }

  static long since(String v) {
    String[] p = v.split(SEP, -1);
    if (isUnknown(v)) {
      return p.length >= 3 ? Long.parseLong(p[2]) : 0;
    }
    return p.length >= 5 ? Long.parseLong(p[3]) : 0;
  }

  static long leaseUntil(String v) {
    String[] p = v.split(SEP, -1);
    return p.length >= 5 ? Long.parseLong(p[4]) : Long.MAX_VALUE;
  }

  /** What a reserve answers for a value it did not take over. */
  static Entry entry(String v) {
    return isResult(v) ? new Entry(State.DONE, v, 0) : new Entry(State.IN_FLIGHT, null, since(v));
  }
}
