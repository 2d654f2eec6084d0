package io.logcast.session.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * putIfAbsent with a time to live, atomically on the key's owner; returns the previous value.
 * IdentifiedDataSerializable, not Java-serialized: members refuse Java serialization of anything
 * but Hazelcast's own errors (see {@link SerializationFilter}).
 */
final class IdempotencyReserve implements EntryProcessor<String, String, String>, IdentifiedDataSerializable {
  private String value;
  private long ttlMs;

  IdempotencyReserve() {}

  IdempotencyReserve(String value, long ttlMs) {
    this.value = value;
    this.ttlMs = ttlMs;
  }

  @Override
  public String process(Map.Entry<String, String> entry) {
    String prev = entry.getValue();
    if (prev == null) {
      ((ExtendedMapEntry<String, String>) entry).setValue(value, ttlMs, TimeUnit.MILLISECONDS);
    }
    return prev;
  }

  @Override
  public int getFactoryId() {
    return SessionDataFactory.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return SessionDataFactory.IDEMPOTENCY_RESERVE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(value);
    out.writeLong(ttlMs);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    value = in.readString();
    ttlMs = in.readLong();
  }
}
