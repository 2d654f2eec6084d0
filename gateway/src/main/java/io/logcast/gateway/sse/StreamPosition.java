package io.logcast.gateway.sse;

import io.logcast.gateway.protocol.Position;
import io.logcast.gateway.protocol.ProtocolError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An event stream's position, as its events' {@code id}: per subscription (in the URL's order) the
 * epoch and the next offset of every partition, {@code 1~<epoch>.<o0>.<o1>~<epoch>.<o0>...}. It
 * moves with what the stream writes: a {@code subscribed} sets a subscription's epoch and offsets,
 * a message moves its partition past the record, a {@code gap} to its end.
 */
final class StreamPosition {
  static final String VERSION = "1";
  /** Epochs are Kafka topic ids in base64url: never a '~' or a '.'. */
  private static final char SUBS = '~';
  private static final char PARTS = '.';
  /** A Last-Event-ID longer than this is not one of ours (64 subscriptions of 100 partitions fit). */
  static final int MAX_ID_LENGTH = 64 * 1024;

  private final String[] epochs;
  private final long[][] offsets;

  StreamPosition(int subscriptions) {
    this.epochs = new String[subscriptions];
    this.offsets = new long[subscriptions][];
    Arrays.fill(offsets, new long[0]);
  }

  void subscribed(int sub, String epoch, Map<Integer, Long> next) {
    epochs[sub] = epoch;
    long[] o = new long[next.keySet().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
    next.forEach((p, off) -> o[p] = off);
    offsets[sub] = o;
  }

  /** Partition {@code p} of subscription {@code sub} continues at {@code next} (after a record, or a gap). */
  void moved(int sub, int p, long next) {
    long[] o = offsets[sub];
    if (p >= o.length) {
      // a partition added to the topic: the ones between start at their log start (0 is below it)
      o = offsets[sub] = Arrays.copyOf(o, p + 1);
    }
    o[p] = Math.max(o[p], next);
  }

  String id() {
    StringBuilder b = new StringBuilder(16 + epochs.length * 40).append(VERSION);
    for (int s = 0; s < epochs.length; s++) {
      b.append(SUBS).append(epochs[s] == null ? "" : epochs[s]);
      for (long o : offsets[s]) {
        b.append(PARTS).append(o);
      }
    }
    return b.toString();
  }

  /**
   * The positions in an id this stream wrote, one per subscription; a subscription whose epoch
   * was not known yet (empty) has none (null). {@code bad_request} for anything else.
   */
  static List<Position> parse(String id, int subscriptions) {
    if (id.length() > MAX_ID_LENGTH || !id.startsWith(VERSION + SUBS)) {
      throw notOurs();
    }
    String[] parts = id.substring(VERSION.length() + 1).split(String.valueOf(SUBS), -1);
    if (parts.length != subscriptions) {
      throw ProtocolError.badRequest("Last-Event-ID names " + parts.length + " subscription(s), the stream has "
          + subscriptions).exception();
    }
    List<Position> out = new ArrayList<>(subscriptions);
    for (String part : parts) {
      String[] fields = part.split("\\.", -1);
      if (fields[0].isEmpty()) {
        out.add(null);
        continue;
      }
      Map<Integer, Long> next = new TreeMap<>();
      for (int p = 1; p < fields.length; p++) {
        try {
          long o = Long.parseLong(fields[p]);
          if (o < 0) {
            throw notOurs();
          }
          next.put(p - 1, o);
        } catch (NumberFormatException e) {
          throw notOurs();
        }
      }
      out.add(new Position(fields[0], next));
    }
    return out;
  }

  private static io.logcast.gateway.protocol.ProtocolException notOurs() {
    return ProtocolError.badRequest("Last-Event-ID is not a position of this stream").exception();
  }
}
