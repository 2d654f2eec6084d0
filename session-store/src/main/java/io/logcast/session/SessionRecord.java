package io.logcast.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One session's state as kept by a {@link SessionStore}.
 *
 * @param secretHash SHA-256 of the resume secret (the secret itself is never stored)
 * @param owner      instance id of the connection that currently holds the session
 * @param generation bumped on every takeover; writes carrying an older one are refused
 * @param lastSeenMs last disconnect (or connect) time, the start of the expiry clock
 */
public record SessionRecord(
    String id,
    String principal,
    String secretHash,
    String owner,
    long generation,
    List<StoredSubscription> subscriptions,
    long lastSeenMs) {

  public SessionRecord {
    subscriptions = List.copyOf(subscriptions);
  }

  public SessionRecord withSubscriptions(List<StoredSubscription> subs) {
    return new SessionRecord(id, principal, secretHash, owner, generation, subs, lastSeenMs);
  }

  /** With {@code added} put in order: each replaces a subscription of the same topic and key, and goes last. */
  public SessionRecord withPut(List<StoredSubscription> added) {
    List<StoredSubscription> subs = new ArrayList<>(subscriptions);
    for (StoredSubscription sub : added) {
      subs.removeIf(x -> x.sameTarget(sub.topic(), sub.key()));
      subs.add(sub);
    }
    return withSubscriptions(subs);
  }

  /** The subscription to {@code topic}/{@code key}, if any, with {@code next} merged into its acknowledged positions. */
  public SessionRecord withAcked(String topic, String key, String epoch, Map<Integer, Long> next) {
    List<StoredSubscription> subs = new ArrayList<>(subscriptions);
    subs.replaceAll(x -> x.sameTarget(topic, key) ? x.mergeAcked(epoch, next) : x);
    return withSubscriptions(subs);
  }

  public SessionRecord claimedBy(String newOwner, long nowMs) {
    return new SessionRecord(id, principal, secretHash, newOwner, generation + 1, subscriptions, nowMs);
  }

  /**
   * This record as seen by a writer holding {@code writerGeneration}: refused (null) if older than
   * the stored generation; if newer, the store lost that holder's claim (a split-brain merge, a lost
   * backup), so the generation is lifted to it and older holders stay refused. Generations only grow.
   */
  public SessionRecord acceptedFrom(long writerGeneration) {
    if (writerGeneration < generation) {
      return null;
    }
    return writerGeneration == generation ? this
        : new SessionRecord(id, principal, secretHash, owner, writerGeneration, subscriptions, lastSeenMs);
  }

  public SessionRecord seenAt(long nowMs) {
    return new SessionRecord(id, principal, secretHash, owner, generation, subscriptions, nowMs);
  }
}
