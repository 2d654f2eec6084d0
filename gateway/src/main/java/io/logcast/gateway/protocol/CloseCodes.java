package io.logcast.gateway.protocol;

/** WebSocket close codes of protocol v1 (docs/protocol.md). */
public final class CloseCodes {
  public static final short NORMAL = 1000;
  public static final short GOING_AWAY = 1001;
  public static final short UNSUPPORTED_DATA = 1003;
  public static final short POLICY_VIOLATION = 1008;
  public static final short TOO_BIG = 1009;
  public static final short INTERNAL_ERROR = 1011;
  public static final short SERVICE_RESTART = 1012;
  public static final short TRY_AGAIN_LATER = 1013;
  public static final short MALFORMED = 4000;
  public static final short UNAUTHORIZED = 4001;
  public static final short FORBIDDEN = 4003;
  public static final short RATE_LIMITED = 4008;
  public static final short TOO_SLOW = 4009;
  public static final short TOKEN_EXPIRED = 4010;
  public static final short SESSION_TAKEN_OVER = 4011;
  public static final short NO_HELLO = 4012;

  private CloseCodes() {}
}
