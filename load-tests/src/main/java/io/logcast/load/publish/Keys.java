package io.logcast.load.publish;

/**
 * The keyed workload: message {@code seq} carries key {@code seq % keys}, and client {@code i}
 * subscribes to key {@code i % keys}, so every key has clients / keys subscribers and records are
 * spread evenly over the keys.
 */
public final class Keys {
  private Keys() {
  }

  public static String name(long index) {
    return "k" + index;
  }

  /** The key of message {@code seq}, or null for a whole-topic run. */
  public static String of(long seq, int keys) {
    return keys == 0 ? null : name(seq % keys);
  }

  /** Sequences below {@code published} whose key is {@code index}. */
  public static long count(int index, int keys, long published) {
    return published / keys + (index < published % keys ? 1 : 0);
  }
}
