package io.logcast.gateway.metrics;

/** Where a limit trip is reported (counted, and logged without flooding). */
public interface LimitRecorder {
  LimitRecorder NONE = (kind, principal, remote) -> { };

  /**
   * @param principal the verified subject, or null if not known yet
   * @param remote the peer's address, or null
   */
  void rejected(LimitKind kind, String principal, String remote);

  default void rejected(LimitKind kind) {
    rejected(kind, null, null);
  }
}
