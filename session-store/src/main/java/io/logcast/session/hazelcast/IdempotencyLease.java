package io.logcast.session.hazelcast;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Reserves an idempotency key for a member, atomically on the key's owner. Returns null for a fresh
 * key, {@link #RESOLVE}{@code + sinceMs} when it took over a key whose outcome is unknown (marked so,
 * or its owner left the cluster, or its lease ran out), {@link #FULL} for a fresh key when the
 * reserving member is over its key bound, else the value found. Replaces
 * {@link IdempotencyReserve} (kept for members of the previous release).
 */
final class IdempotencyLease
    implements EntryProcessor<String, String, String>, IdentifiedDataSerializable, HazelcastInstanceAware {
  static final String RESOLVE = IdempotencyValue.SEP + "resolve" + IdempotencyValue.SEP;
  static final String FULL = IdempotencyValue.SEP + "full";

  private String owner;
  private long ttlMs;
  private long leaseMs;
  private boolean refuseNew;
  private transient HazelcastInstance hz;

  IdempotencyLease() {}

  IdempotencyLease(String owner, long ttlMs, long leaseMs, boolean refuseNew) {
    this.owner = owner;
    this.ttlMs = ttlMs;
    this.leaseMs = leaseMs;
    this.refuseNew = refuseNew;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hz) {
    this.hz = hz;
  }

  @Override
  public String process(Map.Entry<String, String> entry) {
    String prev = entry.getValue();
    long now = System.currentTimeMillis();
    if (prev == null) {
      if (refuseNew) {
        return FULL;
      }
      set(entry, now, now);
      return null;
    }
    if (IdempotencyValue.isResult(prev) || !(IdempotencyValue.isUnknown(prev) || orphaned(prev, now))) {
      return prev;
    }
    long since = IdempotencyValue.since(prev);
    set(entry, since, now);
    return RESOLVE + since;
  }

  private boolean orphaned(String inFlight, long now) {
    if (IdempotencyValue.leaseUntil(inFlight) < now) {
      return true;
    }
    UUID holder = IdempotencyValue.owner(inFlight);
    if (holder == null || hz == null) {
      return false;
    }
    for (Member m : hz.getCluster().getMembers()) {
      if (m.getUuid().equals(holder)) {
        return false;
      }
    }
    return true;
  }

  private void set(Map.Entry<String, String> entry, long since, long now) {
    ((ExtendedMapEntry<String, String>) entry).setValue(IdempotencyValue.inFlight(owner, since, now + leaseMs),
        ttlMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public int getFactoryId() {
    return SessionDataFactory.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return SessionDataFactory.IDEMPOTENCY_LEASE;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(owner);
    out.writeLong(ttlMs);
    out.writeLong(leaseMs);
    out.writeBoolean(refuseNew);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    owner = in.readString();
    ttlMs = in.readLong();
    leaseMs = in.readLong();
    refuseNew = in.readBoolean();
  }
}
