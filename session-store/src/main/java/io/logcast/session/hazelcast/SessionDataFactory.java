package io.logcast.session.hazelcast;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Builds the session store's entry processors and merge policies from their wire ids: all of them, since members
 * refuse Java serialization (see {@link SerializationFilter}). Every member and client of a
 * cluster registers it under {@link #FACTORY_ID}; an id, once released, never changes meaning.
 */
final class SessionDataFactory implements DataSerializableFactory {
  static final int FACTORY_ID = 0x4C43; // "LC"
  static final int PUT_SUBSCRIPTION = 1;
  static final int REMOVE_SUBSCRIPTION = 2;
  static final int MERGE_ACKED = 3;
  static final int TOUCH = 4;
  static final int CLAIM = 5;
  static final int ACK_BATCH = 6;
  static final int TOUCH_BATCH = 7;
  static final int IDEMPOTENCY_RESERVE = 8;
  static final int CONNECTIONS_ACQUIRE = 9;
  static final int CONNECTIONS_RELEASE = 10;
  static final int CONNECTIONS_FORGET = 11;
  static final int SESSION_MERGE_POLICY = 12;
  static final int IDEMPOTENCY_MERGE_POLICY = 13;
  static final int IDEMPOTENCY_LEASE = 14;
  static final int PUT_SUBSCRIPTIONS = 15;

  @Override
  public IdentifiedDataSerializable create(int classId) {
    return switch (classId) {
      case PUT_SUBSCRIPTION -> new SessionUpdate.PutSubscription();
      case REMOVE_SUBSCRIPTION -> new SessionUpdate.RemoveSubscription();
      case MERGE_ACKED -> new SessionUpdate.MergeAcked();
      case TOUCH -> new SessionUpdate.Touch();
      case CLAIM -> new SessionClaim();
      case ACK_BATCH -> new AckBatch();
      case TOUCH_BATCH -> new TouchBatch();
      case IDEMPOTENCY_RESERVE -> new IdempotencyReserve();
      case CONNECTIONS_ACQUIRE -> new ConnectionHolds.Acquire();
      case CONNECTIONS_RELEASE -> new ConnectionHolds.Release();
      case CONNECTIONS_FORGET -> new ConnectionHolds.Forget();
      case SESSION_MERGE_POLICY -> new SessionMergePolicy();
      case IDEMPOTENCY_MERGE_POLICY -> new IdempotencyMergePolicy();
      case IDEMPOTENCY_LEASE -> new IdempotencyLease();
      case PUT_SUBSCRIPTIONS -> new PutSubscriptions();
      default -> null;
    };
  }
}
