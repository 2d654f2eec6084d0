package io.logcast.session.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.logcast.session.AckedPositions;
import io.logcast.session.SessionRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The acks of several sessions of one partition, merged in one operation (and one backup) instead
 * of one per session: an instance flushes its sessions' acks every second, and per-session
 * operations made that flush the largest steady load on the session cluster. Per session, updates
 * with an older generation are skipped, as in {@link SessionUpdate}.
 */
final class AckBatch implements EntryProcessor<String, SessionRecord, Boolean>, IdentifiedDataSerializable {
  private long ttlMs;
  private Map<String, List<AckedPositions>> bySession;

  AckBatch() {}

  AckBatch(long ttlMs, Map<String, List<AckedPositions>> bySession) {
    this.ttlMs = ttlMs;
    this.bySession = bySession;
  }

  @Override
  public Boolean process(Map.Entry<String, SessionRecord> entry) {
    SessionRecord s = entry.getValue();
    List<AckedPositions> acks = bySession.get(entry.getKey());
    if (s == null || acks == null) {
      return Boolean.FALSE;
    }
    SessionRecord merged = s;
    for (AckedPositions a : acks) {
      SessionRecord current = merged.acceptedFrom(a.generation());
      if (current != null) {
        merged = current.withAcked(a.topic(), a.key(), a.epoch(), a.next());
      }
    }
    if (merged == s) {
      return Boolean.FALSE;
    }
    ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(merged, ttlMs, TimeUnit.MILLISECONDS);
    return Boolean.TRUE;
  }

  @Override
  public int getFactoryId() {
    return SessionDataFactory.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return SessionDataFactory.ACK_BATCH;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(ttlMs);
    out.writeInt(bySession.size());
    for (Map.Entry<String, List<AckedPositions>> e : bySession.entrySet()) {
      out.writeString(e.getKey());
      out.writeInt(e.getValue().size());
      for (AckedPositions a : e.getValue()) {
        out.writeLong(a.generation());
        out.writeString(a.topic());
        out.writeString(a.key());
        out.writeString(a.epoch());
        SessionUpdate.writeOffsets(out, a.next());
      }
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    ttlMs = in.readLong();
    int sessions = in.readInt();
    bySession = new HashMap<>(sessions * 2);
    for (int i = 0; i < sessions; i++) {
      String id = in.readString();
      int n = in.readInt();
      List<AckedPositions> acks = new ArrayList<>(n);
      for (int j = 0; j < n; j++) {
        acks.add(new AckedPositions(id, in.readLong(), in.readString(), in.readString(), in.readString(),
            SessionUpdate.readOffsets(in)));
      }
      bySession.put(id, acks);
    }
  }
}
