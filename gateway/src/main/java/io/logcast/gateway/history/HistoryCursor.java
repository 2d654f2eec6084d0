package io.logcast.gateway.history;

import io.logcast.gateway.protocol.ProtocolError;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Where the next history page starts: {@code h1.<f|b>.<epoch>.<key check>.<p0>.<p1>...}. Forward,
 * each partition's part is the next offset to read; backward, {@code <upper>~<floor>}: records below
 * {@code upper} remain, and {@code floor} is the log start seen by the page before, so that records
 * retention deleted between two pages are announced as a gap. The key check (CRC-32 of the key)
 * refuses a cursor replayed with another key, whose scan positions would skip that key's records.
 */
record HistoryCursor(boolean forward, String epoch, String keyCheck, long[] offsets, long[] floors) {
  private static final String VERSION = "h1";
  /** Epochs are Kafka topic ids in base64url: never a '.' or a '~'. */
  private static final char PARTS = '.';
  private static final char FLOOR = '~';
  /** A cursor longer than this is not one of ours (1,000 partitions fit). */
  static final int MAX_LENGTH = 48 * 1024;

  static String keyCheck(String key) {
    if (key == null) {
      return "-";
    }
    CRC32 crc = new CRC32();
    crc.update(key.getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }

  String encode() {
    StringBuilder b = new StringBuilder(32 + offsets.length * 12).append(VERSION).append(PARTS)
        .append(forward ? 'f' : 'b').append(PARTS).append(epoch).append(PARTS).append(keyCheck);
    for (int p = 0; p < offsets.length; p++) {
      b.append(PARTS).append(offsets[p]);
      if (!forward) {
        b.append(FLOOR).append(floors[p]);
      }
    }
    return b.toString();
  }

  static HistoryCursor decode(String text) {
    if (text.isEmpty() || text.length() > MAX_LENGTH) {
      throw invalid();
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length < 5 || !VERSION.equals(parts[0]) || !(parts[1].equals("f") || parts[1].equals("b"))
        || parts[2].isEmpty() || parts[3].isEmpty()) {
      throw invalid();
    }
    boolean forward = parts[1].equals("f");
    int n = parts.length - 4;
    long[] offsets = new long[n];
    long[] floors = new long[n];
    try {
      for (int p = 0; p < n; p++) {
        String part = parts[p + 4];
        int tilde = part.indexOf(FLOOR);
        if (forward != (tilde < 0)) {
          throw invalid();
        }
        offsets[p] = Long.parseLong(forward ? part : part.substring(0, tilde));
        floors[p] = forward ? 0 : Long.parseLong(part.substring(tilde + 1));
        if (offsets[p] < 0 || floors[p] < 0) {
          throw invalid();
        }
      }
    } catch (NumberFormatException e) {
      throw invalid();
    }
    return new HistoryCursor(forward, parts[2], parts[3], offsets, floors);
  }

  private static RuntimeException invalid() {
    return ProtocolError.badRequest("'cursor' is not a cursor this gateway issued").exception();
  }
}
