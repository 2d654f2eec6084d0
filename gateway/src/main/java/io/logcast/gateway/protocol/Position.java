package io.logcast.gateway.protocol;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;

/** A topic epoch and, per partition, the next offset to deliver. */
public record Position(String epoch, Map<Integer, Long> offsets) {
  public Position {
    offsets = Map.copyOf(offsets);
  }

  /** Parses {@code {"0":1235,"1":88}}; partitions and offsets must be non-negative integers. */
  public static Map<Integer, Long> parseOffsets(JsonObject json) {
    Map<Integer, Long> out = new TreeMap<>();
    if (json == null) {
      return out;
    }
    for (String field : json.fieldNames()) {
      int partition;
      try {
        partition = Integer.parseInt(field);
      } catch (NumberFormatException e) {
        throw ProtocolError.badRequest("offsets: partition '" + clip(field) + "' is not a number").exception();
      }
      Object v = json.getValue(field);
      if (partition < 0 || !(v instanceof Number n) || n.longValue() < 0 || n.doubleValue() != n.longValue()) {
        throw ProtocolError.badRequest("offsets: partition " + partition + " needs a non-negative integer offset")
            .exception();
      }
      out.put(partition, n.longValue());
    }
    return out;
  }

  /** Per partition (the index), the next offset, as a position's offsets. */
  public static Map<Integer, Long> offsets(long[] next) {
    Map<Integer, Long> m = new java.util.TreeMap<>();
    for (int p = 0; p < next.length; p++) {
      m.put(p, next[p]);
    }
    return m;
  }

  public static JsonObject offsetsJson(Map<Integer, Long> offsets) {
    JsonObject o = new JsonObject();
    new TreeMap<>(offsets).forEach((p, off) -> o.put(Integer.toString(p), off));
    return o;
  }

  static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
