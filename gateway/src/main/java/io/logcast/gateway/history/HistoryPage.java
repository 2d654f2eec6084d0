package io.logcast.gateway.history;

import io.logcast.gateway.log.EncodedRecord;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.protocol.Frames;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A history page as sent: the records' message objects copied as encoded (not parsed again), the
 * gaps, the cursor of the next page and the position a subscription continues from.
 */
record HistoryPage(JsonObject head, List<byte[]> messages, JsonArray gaps, String next, JsonObject position) {

  /**
   * Takes records from the scans' heads, oldest (forward) or newest (backward) first, so that each
   * partition gives a prefix of what it kept, in offset order: the cursor can then say exactly
   * where each partition continues.
   */
  static HistoryPage merge(TopicInfo info, HistoryRequest request, HistoryQuery.Bounds bounds, PartitionScan[] scans,
      long maxBytes) {
    int[] taken = new int[scans.length];
    List<byte[]> out = new ArrayList<>();
    long bytes = 0;
    while (out.size() < request.limit()) {
      int best = -1;
      for (int p = 0; p < scans.length; p++) {
        if (taken[p] < scans[p].kept.size() && (best < 0 || before(request.forward(),
            scans[p].kept.get(taken[p]), scans[best].kept.get(taken[best])))) {
          best = p;
        }
      }
      if (best < 0) {
        break;
      }
      byte[] frame = scans[best].kept.get(taken[best]).frame();
      if (!out.isEmpty() && bytes + frame.length > maxBytes) {
        break;
      }
      out.add(frame);
      bytes += frame.length;
      taken[best]++;
    }
    JsonArray gaps = new JsonArray();
    bounds.gaps().forEach(g -> gaps.add(gap(request, (int) g[0], g[1], g[2])));
    boolean exhausted = true;
    long[] offsets = new long[scans.length];
    for (int p = 0; p < scans.length; p++) {
      for (long[] g : scans[p].gaps) {
        gaps.add(gap(request, p, g[0], g[1]));
      }
      offsets[p] = scans[p].continuation(taken[p]);
      exhausted &= scans[p].exhausted(taken[p]);
    }
    String next = exhausted ? null : new HistoryCursor(request.forward(), info.epoch(),
        HistoryCursor.keyCheck(request.key()), offsets, bounds.floors()).encode();
    // forward: a subscription from here continues after the page; backward: from the page's top
    JsonObject position = position(info.epoch(), request.forward() ? offsets : bounds.starts());
    JsonObject head = new JsonObject().put("topic", info.name());
    if (request.key() != null) {
      head.put("key", request.key());
    }
    head.put("epoch", info.epoch()).put("direction", request.forward() ? "forward" : "backward");
    return new HistoryPage(head, out, gaps, next, position);
  }

  /** Ties in time go to the lower partition forward, the higher backward: the order is stable. */
  private static boolean before(boolean forward, EncodedRecord a, EncodedRecord b) {
    return forward ? a.timestamp() < b.timestamp() : a.timestamp() > b.timestamp();
  }

  private static JsonObject gap(HistoryRequest request, int partition, long from, long to) {
    return Frames.gap(request.topic(), request.key(), partition, from, to, "retention");
  }

  private static JsonObject position(String epoch, long[] offsets) {
    JsonObject o = new JsonObject();
    for (int p = 0; p < offsets.length; p++) {
      o.put(Integer.toString(p), offsets[p]);
    }
    return new JsonObject().put("epoch", epoch).put("offsets", o);
  }

  /** The response body; the head's fields first, then the messages as they were encoded. */
  Buffer toBuffer() {
    String h = head.encode();
    Buffer b = Buffer.buffer(256 + messages.size() * 256);
    b.appendString(h.substring(0, h.length() - 1)).appendString(",\"messages\":[");
    for (int i = 0; i < messages.size(); i++) {
      if (i > 0) {
        b.appendByte((byte) ',');
      }
      b.appendBytes(messages.get(i));
    }
    b.appendString("],\"gaps\":").appendString(gaps.encode())
        // a cursor is made of [A-Za-z0-9._~-] only: nothing to escape
        .appendString(",\"next\":").appendString(next == null ? "null" : '"' + next + '"')
        .appendString(",\"position\":").appendString(position.encode()).appendString("}");
    return b;
  }

  String text() {
    return toBuffer().toString(StandardCharsets.UTF_8);
  }
}
