package io.logcast.testkit;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything a {@link ProtocolClient} received, in arrival order, plus which objects an await
 * already returned. Appended to by the event loop, awaited by the test thread.
 *
 * <p>Awaits <em>consume</em>: an await returns the oldest unconsumed object that matches and marks
 * it consumed; objects it skipped stay available to later awaits, so the order of awaits need not
 * follow the order of arrival. {@link #snapshot()} always returns everything, consumed or not.
 */
final class ReceivedObjects {
  private static final int DIAGNOSTIC_TAIL = 20;
  private final List<JsonObject> all = new ArrayList<>();
  private final BitSet consumed = new BitSet();
  private boolean ended;

  synchronized void add(JsonObject o) {
    all.add(o);
    notifyAll();
  }

  /** Wakes awaiting threads when nothing more can arrive, so they fail now instead of at timeout. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  synchronized List<JsonObject> snapshot() {
    return List.copyOf(all);
  }

  JsonObject await(Predicate<JsonObject> p, Duration timeout, String what) {
    return awaitAll(1, p, timeout, what).get(0);
  }

  /** Consumes {@code n} matching objects (arrival order), or none if they don't all arrive in time. */
  synchronized List<JsonObject> awaitAll(int n, Predicate<JsonObject> p, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    // objects already looked at do not change: each wake-up scans only what arrived since (a long
    // stream of non-matching objects would otherwise cost a full rescan per arrival)
    List<Integer> found = new ArrayList<>();
    int scanned = 0;
    while (true) {
      if (found.stream().anyMatch(consumed::get)) { // another await took one meanwhile: look again
        found.clear();
        scanned = 0;
      }
      scanned = findUnconsumed(n, p, scanned, found);
      if (found.size() == n) {
        List<JsonObject> result = new ArrayList<>(n);
        for (int i : found) {
          consumed.set(i);
          result.add(all.get(i));
        }
        return result;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || ended) {
        throw new AssertionError((ended ? "connection closed" : "timed out after " + timeout)
            + " waiting for " + what + " (" + found.size() + " of " + n + " found)" + describeTail());
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  /** Adds to {@code found} the unconsumed matches from index {@code from} on; returns where to go on. */
  private int findUnconsumed(int n, Predicate<JsonObject> p, int from, List<Integer> found) {
    int i = consumed.nextClearBit(from);
    for (; i < all.size() && found.size() < n; i = consumed.nextClearBit(i + 1)) {
      if (p.test(all.get(i))) {
        found.add(i);
      }
    }
    return Math.min(i, all.size());
  }

  synchronized String describeTail() {
    StringBuilder sb = new StringBuilder("; received ").append(all.size()).append(" objects");
    int from = Math.max(0, all.size() - DIAGNOSTIC_TAIL);
    if (from > 0) {
      sb.append(", the last ").append(DIAGNOSTIC_TAIL);
    }
    sb.append(" (* = already consumed):");
    for (int i = from; i < all.size(); i++) {
      sb.append("\n  ").append(consumed.get(i) ? "* " : "  ").append(all.get(i).encode());
    }
    return sb.toString();
  }
}
