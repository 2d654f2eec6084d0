package io.logcast.session;

import java.util.List;

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

  public SessionRecord claimedBy(String newOwner, long nowMs) {
    return new SessionRecord(id, principal, secretHash, newOwner, generation + 1, subscriptions, nowMs);
  }

  public SessionRecord seenAt(long nowMs) {
    return new SessionRecord(id, principal, secretHash, owner, generation, subscriptions, nowMs);
  }
}
