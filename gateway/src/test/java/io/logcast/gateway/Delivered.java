package io.logcast.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * What a test client was delivered, as "partition@offset" strings: delivery tests assert the SET
 * received and count duplicates explicitly (a count that matches can hide a loss and a duplicate).
 */
public final class Delivered {
  /** How long a test waits after the expected messages, for an extra one that must not come. */
  private static final long SETTLE_MS = 300;

  private Delivered() {}

  /** Every message received, in order, as "partition@offset". */
  public static List<String> positions(ProtocolClient c) {
    return positions(c, o -> true);
  }

  /** The messages received after the first object {@code from} matches (all of them if it is always true). */
  public static List<String> positions(ProtocolClient c, Predicate<JsonObject> from) {
    List<String> out = new ArrayList<>();
    boolean started = false;
    for (JsonObject o : c.received()) {
      started |= from.test(o);
      if (started && "message".equals(o.getString("type"))) {
        out.add(o.getInteger("partition") + "@" + o.getLong("offset"));
      }
    }
    return out;
  }

  /** Waits for as many messages as expected, then asserts exactly that set, once each, and nothing more. */
  public static void assertExactly(ProtocolClient c, Set<String> expected, Duration wait) throws InterruptedException {
    assertExactly(List.of(c), o -> true, i -> expected, wait);
  }

  /** The same for the messages after the first object {@code from} matches. */
  public static void assertExactly(ProtocolClient c, Predicate<JsonObject> from, Set<String> expected, Duration wait)
      throws InterruptedException {
    assertExactly(List.of(c), from, i -> expected, wait);
  }

  /** The same for many clients, client i expecting {@code expected.apply(i)}: one wait and one settle for all. */
  public static void assertExactly(List<ProtocolClient> clients, IntFunction<Set<String>> expected, Duration wait)
      throws InterruptedException {
    assertExactly(clients, o -> true, expected, wait);
  }

  private static void assertExactly(List<ProtocolClient> clients, Predicate<JsonObject> from,
      IntFunction<Set<String>> expected, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    for (int i = 0; i < clients.size(); i++) {
      while (positions(clients.get(i), from).size() < expected.apply(i).size() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
    }
    settle();
    for (int i = 0; i < clients.size(); i++) {
      List<String> got = positions(clients.get(i), from);
      Set<String> distinct = new HashSet<>(got);
      assertThat(got.size() - distinct.size()).as("duplicates of client %d", i).isZero();
      assertThat(distinct).as("client %d", i).isEqualTo(expected.apply(i));
    }
  }

  /**
   * Lets a message that must not come arrive: asserting "nothing more" needs a wait, not a condition,
   * and this is the one place it is taken.
   */
  public static void settle() throws InterruptedException {
    Thread.sleep(SETTLE_MS);
  }
}
