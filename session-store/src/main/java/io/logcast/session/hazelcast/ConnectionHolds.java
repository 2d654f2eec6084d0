package io.logcast.session.hazelcast;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.logcast.session.ConnectionsRule;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The entry processors of {@link HazelcastPrincipalConnections}, one principal's holders (session
 * id → holder) per entry. IdentifiedDataSerializable, not Java-serialized: members refuse Java
 * serialization of anything but Hazelcast's own errors (see {@link SerializationFilter}).
 */
abstract class ConnectionHolds implements EntryProcessor<String, HashMap<String, String>, Boolean>,
    IdentifiedDataSerializable {
  /** Fields are not final only because Hazelcast fills them in after the no-argument constructor. */
  String sessionId;
  String holder;

  ConnectionHolds() {}

  ConnectionHolds(String sessionId, String holder) {
    this.sessionId = sessionId;
    this.holder = holder;
  }

  static void store(Map.Entry<String, HashMap<String, String>> entry, HashMap<String, String> held) {
    entry.setValue(held.isEmpty() ? null : held);
  }

  @Override
  public int getFactoryId() {
    return SessionDataFactory.FACTORY_ID;
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(sessionId);
    out.writeString(holder);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    sessionId = in.readString();
    holder = in.readString();
  }

  /** Takes a place for {@code sessionId} unless the principal already holds {@code limit}. */
  static final class Acquire extends ConnectionHolds {
    private int limit;

    Acquire() {}

    Acquire(String sessionId, String holder, int limit) {
      super(sessionId, holder);
      this.limit = limit;
    }

    @Override
    public Boolean process(Map.Entry<String, HashMap<String, String>> entry) {
      HashMap<String, String> held = entry.getValue() == null ? new HashMap<>() : entry.getValue();
      boolean allowed = ConnectionsRule.acquire(held, sessionId, holder, limit);
      if (allowed) {
        store(entry, held);
      }
      return allowed;
    }

    @Override
    public int getClassId() {
      return SessionDataFactory.CONNECTIONS_ACQUIRE;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
      super.writeData(out);
      out.writeInt(limit);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
      super.readData(in);
      limit = in.readInt();
    }
  }

  static final class Release extends ConnectionHolds {
    Release() {}

    Release(String sessionId, String holder) {
      super(sessionId, holder);
    }

    @Override
    public Boolean process(Map.Entry<String, HashMap<String, String>> entry) {
      HashMap<String, String> held = entry.getValue();
      if (held != null) {
        ConnectionsRule.release(held, sessionId, holder);
        store(entry, held);
      }
      return Boolean.TRUE;
    }

    @Override
    public int getClassId() {
      return SessionDataFactory.CONNECTIONS_RELEASE;
    }
  }

  /** Drops every holder whose name starts with a departed member's prefix (held in {@code holder}). */
  static final class Forget extends ConnectionHolds {
    Forget() {}

    Forget(String holderPrefix) {
      super("", holderPrefix);
    }

    @Override
    public Boolean process(Map.Entry<String, HashMap<String, String>> entry) {
      HashMap<String, String> held = entry.getValue();
      if (held != null && ConnectionsRule.forget(held, holder)) {
        store(entry, held);
      }
      return Boolean.TRUE;
    }

    @Override
    public int getClassId() {
      return SessionDataFactory.CONNECTIONS_FORGET;
    }
  }
}
