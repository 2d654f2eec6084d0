package io.logcast.session.hazelcast;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.logcast.session.StoredSubscription;
import java.util.Map;
import java.util.TreeMap;

/** Compact form of a stored subscription: acked offsets as two parallel arrays (partition, offset). */
public final class SubscriptionSerializer implements CompactSerializer<StoredSubscription> {
  public static final String TYPE = "logcast.Subscription";

  @Override
  public StoredSubscription read(CompactReader in) {
    int[] partitions = in.readArrayOfInt32("partitions");
    long[] offsets = in.readArrayOfInt64("offsets");
    Map<Integer, Long> acked = new TreeMap<>();
    for (int i = 0; partitions != null && i < partitions.length; i++) {
      acked.put(partitions[i], offsets[i]);
    }
    return new StoredSubscription(in.readString("topic"), in.readString("key"), in.readString("epoch"), acked);
  }

  @Override
  public void write(CompactWriter out, StoredSubscription s) {
    int[] partitions = new int[s.acked().size()];
    long[] offsets = new long[partitions.length];
    int i = 0;
    for (Map.Entry<Integer, Long> e : new TreeMap<>(s.acked()).entrySet()) {
      partitions[i] = e.getKey();
      offsets[i++] = e.getValue();
    }
    out.writeString("topic", s.topic());
    out.writeString("key", s.key());
    out.writeString("epoch", s.epoch());
    out.writeArrayOfInt32("partitions", partitions);
    out.writeArrayOfInt64("offsets", offsets);
  }

  @Override
  public String getTypeName() {
    return TYPE;
  }

  @Override
  public Class<StoredSubscription> getCompactClass() {
    return StoredSubscription.class;
  }
}
