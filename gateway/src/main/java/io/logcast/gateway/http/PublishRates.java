package io.logcast.gateway.http;

import io.logcast.gateway.auth.Principal;
import io.logcast.gateway.ws.TokenBucket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * limits.publishPerSecond: messages a principal may publish over HTTP per second on this instance,
 * a second's worth saved up. The anonymous principal of auth.mode none is everybody, so there the
 * caller's address is the unit. Buckets are remembered for a bounded number of callers; when there
 * are more, all are forgotten at once, which only hands out one fresh burst each.
 */
final class PublishRates {
  private static final int MAX_TRACKED = 10_000;

  private final int perSecond;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  PublishRates(int perSecond) {
    this.perSecond = perSecond;
  }

  /** True if {@code messages} more are allowed now; a batch larger than a second's worth never is. */
  boolean allow(Principal principal, String remoteHost, int messages) {
    if (perSecond == 0) {
      return true;
    }
    String who = principal == Principal.ANONYMOUS ? "address " + remoteHost : "sub " + principal.subject();
    if (buckets.size() >= MAX_TRACKED && !buckets.containsKey(who)) {
      buckets.clear();
    }
    return buckets.computeIfAbsent(who, w -> new TokenBucket(perSecond, perSecond)).tryTake(messages);
  }
}
