package io.logcast.gateway.catchup;

import io.logcast.gateway.log.EncodedRecord;

import java.util.List;

/**
 * What one turn of a replay reader produced.
 *
 * @param records     matching records, in offset order
 * @param nextOffset  where reading continues (past non-matching records and transaction markers)
 * @param gapFrom     start of a range deleted by retention, or -1
 * @param gapTo       end (exclusive) of that range
 */
public record ReplayChunk(List<EncodedRecord> records, long nextOffset, long gapFrom, long gapTo) {
  public static ReplayChunk gap(long from, long to) {
    return new ReplayChunk(List.of(), to, from, to);
  }

  public boolean hasGap() {
    return gapFrom >= 0;
  }
}
