package io.logcast.session.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.logcast.session.SessionRecord;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Takeover by a new connection: generation + 1; returns the new record (null if unknown). */
final class SessionClaim implements EntryProcessor<String, SessionRecord, SessionRecord>, IdentifiedDataSerializable {
  private String owner;
  private long nowMs;
  private long ttlMs;

  SessionClaim() {}

  SessionClaim(String owner, long nowMs, long ttlMs) {
    this.owner = owner;
    this.nowMs = nowMs;
    this.ttlMs = ttlMs;
  }

  @Override
  public SessionRecord process(Map.Entry<String, SessionRecord> entry) {
    SessionRecord s = entry.getValue();
    if (s == null) {
      return null;
    }
    SessionRecord claimed = s.claimedBy(owner, nowMs);
    ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(claimed, ttlMs, TimeUnit.MILLISECONDS);
    return claimed;
  }

  @Override
  public int getFactoryId() {
    return SessionDataFactory.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return SessionDataFactory.CLAIM;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(owner);
    out.writeLong(nowMs);
    out.writeLong(ttlMs);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    owner = in.readString();
    nowMs = in.readLong();
    ttlMs = in.readLong();
  }
}
