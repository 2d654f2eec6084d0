package io.logcast.gateway.http;

import io.logcast.gateway.auth.Principal;
import io.logcast.gateway.ws.TokenBucket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-caller rate on this instance (limits.publishPerSecond: messages published over HTTP;
 * history.perSecond: history pages), a second's worth saved up. The anonymous principal of
 * auth.mode none is everybody, so there the caller's address is the unit. Buckets are remembered for a bounded number of callers; when there
 * are more, all are forgotten at once, which only hands out one fresh burst each.
 */
final class CallerRates {
  private static final int MAX_TRACKED = 10_000;

  private final int perSecond;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  CallerRates(int perSecond) {
    this.perSecond = perSecond;
  }

  /** True if {@code units} more are allowed now; a batch larger than a second's worth never is. */
  boolean allow(Principal principal, String remoteHost, int units) {
    if (perSecond == 0) {
      return true;
    }
    String who = principal == Principal.ANONYMOUS ? "address " + remoteHost : "sub " + principal.subject();
    if (buckets.size() >= MAX_TRACKED && !buckets.containsKey(who)) {
      buckets.clear();
    }
    return buckets.computeIfAbsent(who, w -> new TokenBucket(perSecond, perSecond)).tryTake(units);
  }
}
