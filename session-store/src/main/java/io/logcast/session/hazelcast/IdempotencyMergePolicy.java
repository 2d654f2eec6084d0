package io.logcast.session.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import com.hazelcast.spi.merge.SplitBrainMergePolicy;
import com.hazelcast.spi.merge.MergingEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The idempotency map's split-brain merge. A finished publish's result beats an in-flight (or
 * unknown-outcome) reservation (the finished one was written, and its answer is what retries must get); between two
 * results the copy already in the larger cluster stays, so retries keep the answer most clients
 * were given. Two results mean the key was published on both sides: both records are in Kafka. That
 * is logged, never hidden: a key can only be reserved on both sides without split-brain protection
 * ({@code hazelcast.minClusterSize} 1) or in the seconds before a member sees the split.
 */
public final class IdempotencyMergePolicy
    implements SplitBrainMergePolicy<String, MergingEntry<Object, String>, Object>, IdentifiedDataSerializable {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyMergePolicy.class);

  public IdempotencyMergePolicy() {}

  @Override
  public Object merge(MergingEntry<Object, String> merging, MergingEntry<Object, String> existing) {
    if (existing == null) {
      return merging.getRawValue();
    }
    boolean mergingDone = IdempotencyValue.isResult(merging.getDeserializedValue());
    boolean existingDone = IdempotencyValue.isResult(existing.getDeserializedValue());
    if (mergingDone && existingDone && !merging.getDeserializedValue().equals(existing.getDeserializedValue())) {
      LOG.warn("an idempotency key was published on both sides of a split brain (topic {}): two records "
          + "are in Kafka, retries are answered with the larger side's", topic(existing.getKey()));
    }
    return mergingDone && !existingDone ? merging.getRawValue() : existing.getRawValue();
  }

  /** The store's key is principal, topic and client key joined by NUL: only the topic is logged. */
  private static Object topic(Object key) {
    String[] parts = String.valueOf(key).split("\u0000", 3);
    return parts.length == 3 ? parts[1] : "?";
  }

  @Override
  public int getFactoryId() {
    return SessionDataFactory.FACTORY_ID;
  }

  @Override
  public int getClassId() {
    return SessionDataFactory.IDEMPOTENCY_MERGE_POLICY;
  }

  @Override
  public void writeData(ObjectDataOutput out) {}

  @Override
  public void readData(ObjectDataInput in) {}
}
