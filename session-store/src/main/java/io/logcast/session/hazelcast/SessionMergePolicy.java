package io.logcast.session.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.MergingValue;
import io.logcast.session.SessionRecord;

/**
 * The sessions map's split-brain merge (see {@link SessionMerge}), replacing Hazelcast's default
 * PutIfAbsent, which kept the larger side's copy even when the smaller side held a newer
 * generation: its live connection's writes were then refused and the session expired while
 * connected. Public with a public constructor: members build it from its class name; it travels
 * between members IdentifiedDataSerializable (members refuse Java serialization). It asks only for
 * values, not Hazelcast's per-entry statistics, which the maps do not keep.
 */
public final class SessionMergePolicy
    implements SplitBrainMergePolicy<SessionRecord, MergingValue<SessionRecord>, Object>,
    IdentifiedDataSerializable {

  public SessionMergePolicy() {}

  @Override
  public Object merge(MergingValue<SessionRecord> merging, MergingValue<SessionRecord> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    SessionRecord a = merging.getDeserializedValue();
    SessionRecord b = existing.getDeserializedValue();
    SessionRecord merged = SessionMerge.merge(a, b);
    // unchanged copies go back as they came, still serialized
    return merged == b ? existing.getRawValue() : merged == a ? merging.getRawValue() : merged;
  }

  @Override
  public int getFactoryId() {
    return SessionDataFactory.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return SessionDataFactory.SESSION_MERGE_POLICY;
  }

  @Override
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
