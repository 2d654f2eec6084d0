package io.logcast.gateway.delivery;

import io.logcast.gateway.log.EncodedRecord;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one partition batch as wire-ready text frames, built once per shard and written
 * (as a retained duplicate, never copied) to every client that takes the whole batch: in a
 * fan-out that is nearly every client, so the per-client cost is one buffer reference and one
 * socket write. The shard releases it once the batch's writes are issued.
 */
public final class Segment {
  /** The records, for transports that write each with its position (event streams). */
  private final List<EncodedRecord> records;
  /** The records' encoded objects, for clients that cannot take the shared bytes (deflate). */
  final List<Object> objects;
  final ByteBuf wire;
  final int frames;
  final long payloadBytes;

  public Segment(List<EncodedRecord> records, FrameBuilder builder) {
    this.records = records;
    this.objects = new ArrayList<>(records.size());
    for (int i = 0, n = records.size(); i < n; i++) {
      objects.add(records.get(i).frame());
    }
    this.wire = builder.wire(objects, 0, objects.size());
    this.frames = builder.frames;
    this.payloadBytes = builder.payloadBytes;
  }

  public List<EncodedRecord> records() {
    return records;
  }

  public void release() {
    wire.release();
  }
}
