package io.logcast.session.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.logcast.session.SessionRecord;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Restarts the expiry clock of several held sessions of one partition in one operation: an
 * instance touches every session it holds at once, every third of the TTL, and one operation per
 * session made that a burst of thousands. A session whose generation moved on (a newer holder) is left alone.
 */
final class TouchBatch implements EntryProcessor<String, SessionRecord, Boolean>, IdentifiedDataSerializable {
  private long ttlMs;
  private long nowMs;
  private Map<String, Long> generations;

  TouchBatch() {}

  TouchBatch(long ttlMs, long nowMs, Map<String, Long> generations) {
    this.ttlMs = ttlMs;
    this.nowMs = nowMs;
    this.generations = generations;
  }

  @Override
  public Boolean process(Map.Entry<String, SessionRecord> entry) {
    SessionRecord s = entry.getValue();
    Long generation = generations.get(entry.getKey());
    SessionRecord current = s == null || generation == null ? null : s.acceptedFrom(generation);
    if (current == null) {
      return Boolean.FALSE;
    }
    ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(current.seenAt(nowMs), ttlMs, TimeUnit.MILLISECONDS);
    return Boolean.TRUE;
  }

  @Override
  public int getFactoryId() {
    return SessionDataFactory.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return SessionDataFactory.TOUCH_BATCH;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(ttlMs);
    out.writeLong(nowMs);
    out.writeInt(generations.size());
    for (Map.Entry<String, Long> e : generations.entrySet()) {
      out.writeString(e.getKey());
      out.writeLong(e.getValue());
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    ttlMs = in.readLong();
    nowMs = in.readLong();
    int n = in.readInt();
    generations = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      generations.put(in.readString(), in.readLong());
    }
  }
}
