package io.logcast.session;

import java.util.Map;

/** The one rule both stores apply to a principal's map of session id → holder. */
public final class ConnectionsRule {
  private ConnectionsRule() {}

  public static boolean acquire(Map<String, String> held, String sessionId, String holder, int limit) {
    if (held.containsKey(sessionId) || held.size() < limit) {
      held.put(sessionId, holder);
      return true;
    }
    return false;
  }

  public static void release(Map<String, String> held, String sessionId, String holder) {
    held.remove(sessionId, holder);
  }

  /** Drops every holder of a process that is gone; true if anything changed. */
  public static boolean forget(Map<String, String> held, String holderPrefix) {
    return held.values().removeIf(h -> h.startsWith(holderPrefix));
  }
}
