package io.logcast.session.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.logcast.session.SessionRecord;
import io.logcast.session.StoredSubscription;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Atomic, generation-checked updates of one session, run on the member that owns its partition
 * (and on its backups). Monotonic: an older generation is refused, a newer one accepted (see
 * {@link SessionRecord#acceptedFrom}). Every write restarts the entry's expiry clock. Each is written as
 * IdentifiedDataSerializable ({@link SessionDataFactory}): it crosses the network once per write
 * and once more per backup, and Java serialization was a third of a gateway's CPU in a resume storm.
 * Fields are not final only because Hazelcast fills them in after the no-argument constructor.
 */
abstract class SessionUpdate implements EntryProcessor<String, SessionRecord, Object>, IdentifiedDataSerializable {
  /** A stale writer (older generation) gets this: nothing changed. */
  static final Boolean REFUSED = Boolean.FALSE;

  long generation;
  long ttlMs;

  SessionUpdate() {}

  SessionUpdate(long generation, long ttlMs) {
    this.generation = generation;
    this.ttlMs = ttlMs;
  }

  @Override
  public Object process(Map.Entry<String, SessionRecord> entry) {
    SessionRecord s = entry.getValue();
    if (s == null) {
      return null;
    }
    SessionRecord current = s.acceptedFrom(generation);
    if (current == null) {
      return REFUSED;
    }
    ((ExtendedMapEntry<String, SessionRecord>) entry).setValue(apply(current), ttlMs, TimeUnit.MILLISECONDS);
    return Boolean.TRUE;
  }

  abstract SessionRecord apply(SessionRecord s);

  @Override
  public int getFactoryId() {
    return SessionDataFactory.FACTORY_ID;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeLong(generation);
    out.writeLong(ttlMs);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    generation = in.readLong();
    ttlMs = in.readLong();
  }

  static List<StoredSubscription> without(SessionRecord s, String topic, String key) {
    List<StoredSubscription> subs = new ArrayList<>(s.subscriptions());
    subs.removeIf(x -> x.sameTarget(topic, key));
    return subs;
  }

  static void writeSubscription(ObjectDataOutput out, StoredSubscription sub) throws IOException {
    out.writeString(sub.topic());
    out.writeString(sub.key());
    out.writeString(sub.epoch());
    writeOffsets(out, sub.acked());
  }

  static StoredSubscription readSubscription(ObjectDataInput in) throws IOException {
    return new StoredSubscription(in.readString(), in.readString(), in.readString(), readOffsets(in));
  }

  static void writeOffsets(ObjectDataOutput out, Map<Integer, Long> offsets) throws IOException {
    out.writeInt(offsets.size());
    for (Map.Entry<Integer, Long> e : offsets.entrySet()) {
      out.writeInt(e.getKey());
      out.writeLong(e.getValue());
    }
  }

  static Map<Integer, Long> readOffsets(ObjectDataInput in) throws IOException {
    int n = in.readInt();
    Map<Integer, Long> offsets = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      offsets.put(in.readInt(), in.readLong());
    }
    return offsets;
  }

  static final class PutSubscription extends SessionUpdate {
    private StoredSubscription sub;

    PutSubscription() {}

    PutSubscription(long generation, long ttlMs, StoredSubscription sub) {
      super(generation, ttlMs);
      this.sub = sub;
    }

    @Override
    SessionRecord apply(SessionRecord s) {
      return s.withPut(List.of(sub));
    }

    @Override
    public int getClassId() {
      return SessionDataFactory.PUT_SUBSCRIPTION;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      writeSubscription(out, sub);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      sub = readSubscription(in);
    }
  }

  static final class RemoveSubscription extends SessionUpdate {
    private String topic;
    private String key;

    RemoveSubscription() {}

    RemoveSubscription(long generation, long ttlMs, String topic, String key) {
      super(generation, ttlMs);
      this.topic = topic;
      this.key = key;
    }

    @Override
    SessionRecord apply(SessionRecord s) {
      return s.withSubscriptions(without(s, topic, key));
    }

    @Override
    public int getClassId() {
      return SessionDataFactory.REMOVE_SUBSCRIPTION;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeString(topic);
      out.writeString(key);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      topic = in.readString();
      key = in.readString();
    }
  }

  /** Positions only move forward: per partition, the larger offset wins. */
  static final class MergeAcked extends SessionUpdate {
    private String topic;
    private String key;
    private String epoch;
    private Map<Integer, Long> next;

    MergeAcked() {}

    MergeAcked(long generation, long ttlMs, String topic, String key, String epoch, Map<Integer, Long> next) {
      super(generation, ttlMs);
      this.topic = topic;
      this.key = key;
      this.epoch = epoch;
      this.next = new TreeMap<>(next);
    }

    @Override
    SessionRecord apply(SessionRecord s) {
      return s.withAcked(topic, key, epoch, next);
    }

    @Override
    public int getClassId() {
      return SessionDataFactory.MERGE_ACKED;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeString(topic);
      out.writeString(key);
      out.writeString(epoch);
      writeOffsets(out, next);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      topic = in.readString();
      key = in.readString();
      epoch = in.readString();
      next = readOffsets(in);
    }
  }

  /** Restarts the expiry clock: connected sessions are touched periodically, disconnected ones once. */
  static final class Touch extends SessionUpdate {
    private long nowMs;

    Touch() {}

    Touch(long generation, long ttlMs, long nowMs) {
      super(generation, ttlMs);
      this.nowMs = nowMs;
    }

    @Override
    SessionRecord apply(SessionRecord s) {
      return s.seenAt(nowMs);
    }

    @Override
    public int getClassId() {
      return SessionDataFactory.TOUCH;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeLong(nowMs);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      nowMs = in.readLong();
    }
  }
}
