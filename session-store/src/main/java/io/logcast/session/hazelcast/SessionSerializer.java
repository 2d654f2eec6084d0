package io.logcast.session.hazelcast;

import com.hazelcast.nio.serialization.FieldKind;
import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.logcast.session.SessionRecord;
import io.logcast.session.StoredSubscription;
import java.util.Arrays;
import java.util.List;

/**
 * Compact form of a session. The type name is fixed and fields are read by name, so a newer
 * version adds fields (read with a default when absent) and a rolling upgrade reads old entries.
 */
public final class SessionSerializer implements CompactSerializer<SessionRecord> {
  public static final String TYPE = "logcast.Session";

  @Override
  public SessionRecord read(CompactReader in) {
    StoredSubscription[] subs = in.readArrayOfCompact("subscriptions", StoredSubscription.class);
    return new SessionRecord(
        in.readString("id"),
        in.readString("principal"),
        in.readString("secretHash"),
        in.readString("owner"),
        in.readInt64("generation"),
        subs == null ? List.of() : Arrays.asList(subs),
        in.getFieldKind("lastSeenMs") == FieldKind.NOT_AVAILABLE ? 0 : in.readInt64("lastSeenMs"));
  }

  @Override
  public void write(CompactWriter out, SessionRecord s) {
    out.writeString("id", s.id());
    out.writeString("principal", s.principal());
    out.writeString("secretHash", s.secretHash());
    out.writeString("owner", s.owner());
    out.writeInt64("generation", s.generation());
    out.writeArrayOfCompact("subscriptions", s.subscriptions().toArray(new StoredSubscription[0]));
    out.writeInt64("lastSeenMs", s.lastSeenMs());
  }

  @Override
  public String getTypeName() {
    return TYPE;
  }

  @Override
  public Class<SessionRecord> getCompactClass() {
    return SessionRecord.class;
  }
}
