package io.logcast.session.hazelcast;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.logcast.session.SessionRecord;
import io.logcast.session.StoredSubscription;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several subscriptions of one session in one write: a client that subscribes to 100 keys at once
 * costs one read and rewrite of its session, not 100 (each rewrite carries every subscription so
 * far, so one write per subscribe was quadratic, and was most of a gateway's CPU under churn).
 */
final class PutSubscriptions extends SessionUpdate {
  private List<StoredSubscription> subs;

  PutSubscriptions() {}

  PutSubscriptions(long generation, long ttlMs, List<StoredSubscription> subs) {
    super(generation, ttlMs);
    this.subs = List.copyOf(subs);
  }

  @Override
  SessionRecord apply(SessionRecord s) {
    return s.withPut(subs);
  }

  @Override
  public int getClassId() {
    return SessionDataFactory.PUT_SUBSCRIPTIONS;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    super.writeData(out);
    out.writeInt(subs.size());
    for (StoredSubscription x : subs) {
      writeSubscription(out, x);
    }
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    super.readData(in);
    int n = in.readInt();
    List<StoredSubscription> read = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      read.add(readSubscription(in));
    }
    subs = List.copyOf(read);
  }
}
