package io.logcast.gateway.delivery;

import io.logcast.gateway.log.EncodedRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A connection that holds a whole-topic subscription and keyed subscriptions of the same topic:
 * a record with one of those keys belongs to two of them. Such a record's message says which with
 * {@code "for"}: {@code "both"} (written once, both cursors moved), {@code "topic"} or {@code "key"}
 * (the two subscriptions are at different places in the log, each gets its own copy). Records of
 * other keys, and connections without such an overlap, are written exactly as encoded (a record
 * with a key, taken by a keyed subscription that overlaps, always names its key's subscription).
 * Lives on its client's event loop.
 */
final class Overlaps {
  private static final byte[] BOTH = suffix("both");
  private static final byte[] TOPIC = suffix("topic");
  private static final byte[] KEY = suffix("key");

  /** Per topic: the whole-topic subscription and the keyed ones; only topics with both. */
  private final Map<String, Topic> topics = new HashMap<>();
  /** Every subscription, by topic, to find the other half when one is added. */
  private final Map<String, Topic> all = new HashMap<>();

  private static final class Topic {
    Subscription whole;
    final Map<String, Subscription> keyed = new HashMap<>();

    boolean overlapping() {
      return whole != null && !keyed.isEmpty();
    }
  }

  void added(Subscription sub) {
    Topic t = all.computeIfAbsent(sub.topic(), k -> new Topic());
    if (sub.key() == null) {
      t.whole = sub;
    } else {
      t.keyed.put(sub.key(), sub);
    }
    if (t.overlapping()) {
      topics.put(sub.topic(), t);
    }
  }

  void removed(Subscription sub) {
    Topic t = all.get(sub.topic());
    if (t == null) {
      return;
    }
    if (sub.key() == null) {
      if (t.whole == sub) {
        t.whole = null;
      }
    } else {
      t.keyed.remove(sub.key(), sub);
    }
    if (!t.overlapping()) {
      topics.remove(sub.topic());
    }
    if (t.whole == null && t.keyed.isEmpty()) {
      all.remove(sub.topic());
    }
  }

  /** True if a whole-topic batch of {@code topic} cannot go out as shared bytes on this connection. */
  boolean overlaps(String topic) {
    return !topics.isEmpty() && topics.containsKey(topic);
  }

  /**
   * A live keyed subscription has nothing of its own below the live position (what it did not
   * get there was another key's): its cursor may move up to it.
   */
  void level(String topic, int p, long livePos) {
    Topic t = topics.isEmpty() ? null : topics.get(topic);
    if (t == null) {
      return;
    }
    for (Subscription keyed : t.keyed.values()) {
      if (p < keyed.partitions() && keyed.state(p) == Subscription.State.LIVE) {
        keyed.advance(p, livePos);
      }
    }
  }

  /**
   * The record as {@code sub} sends it on this connection; {@code before} was its cursor. A keyed
   * subscription level with the whole-topic one (its cursor at or past {@code before}: it has
   * nothing of its own below the record, since the whole-topic one took every record there) moves
   * past each record the whole-topic one takes, and a record of its key is then written once, for
   * both. Otherwise each gets its own copy, marked.
   */
  EncodedRecord mark(Subscription sub, int p, EncodedRecord r, long before) {
    Topic t = topics.isEmpty() ? null : topics.get(sub.topic());
    if (t == null) {
      return r;
    }
    if (sub != t.whole) {
      return r.key() != null ? with(r, KEY) : r;
    }
    boolean both = false;
    for (Subscription keyed : t.keyed.values()) {
      if (p < keyed.partitions() && keyed.cursor(p) >= before && keyed.cursor(p) <= r.offset()) {
        keyed.advance(p, r.offset() + 1);
        both |= keyed.key().equals(r.key());
      }
    }
    if (r.key() == null || !t.keyed.containsKey(r.key())) {
      return r;
    }
    return with(r, both ? BOTH : TOPIC);
  }

  private static EncodedRecord with(EncodedRecord r, byte[] suffix) {
    byte[] frame = r.frame();
    byte[] out = new byte[frame.length - 1 + suffix.length];
    System.arraycopy(frame, 0, out, 0, frame.length - 1);
    System.arraycopy(suffix, 0, out, frame.length - 1, suffix.length);
    return new EncodedRecord(r.offset(), r.key(), out, r.timestamp());
  }

  /** Replaces the object's closing brace. */
  private static byte[] suffix(String which) {
    return (",\"for\":\"" + which + "\"}").getBytes(StandardCharsets.UTF_8);
  }
}
