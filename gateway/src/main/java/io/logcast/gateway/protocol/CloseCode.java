package io.logcast.gateway.protocol;

/**
 * The WebSocket close codes of protocol v1: the one table of them. docs/protocol.md ("Close codes")
 * and the SDK's reconnect table (client-js/src/backoff.js) are checked against it by CloseCodeTest.
 *
 * <p>{@link #NO_STATUS} (1005) and {@link #ABNORMAL} (1006) are never sent ({@link #onWire()} is
 * false): they are how a close without a status, or without a close frame, is reported (RFC 6455
 * §7.4.1), and they are tag values of the close meter.
 */
public enum CloseCode {
  NORMAL(1000, "normal", Advice.STOP),
  GOING_AWAY(1001, "going away (heartbeat timeout)", Advice.RECONNECT_RESUME),
  UNSUPPORTED_DATA(1003, "binary frame received", Advice.STOP),
  NO_STATUS(1005, "close frame without a status code", Advice.RECONNECT_WITH_BACKOFF_RESUME, false),
  ABNORMAL(1006, "no close frame: the connection dropped", Advice.RECONNECT_WITH_BACKOFF_RESUME, false),
  POLICY_VIOLATION(1008, "policy violation", Advice.STOP),
  TOO_BIG(1009, "frame or message too big", Advice.STOP_FIX_SENDER),
  INTERNAL_ERROR(1011, "internal error", Advice.RECONNECT_WITH_BACKOFF_RESUME),
  SERVICE_RESTART(1012, "service restart / drain", Advice.RECONNECT_WITH_JITTER_RESUME),
  TRY_AGAIN_LATER(1013, "try again later (overload, admission control)", Advice.RECONNECT_AFTER_LONGER_BACKOFF_RESUME),
  MALFORMED(4000, "malformed protocol", Advice.STOP),
  UNAUTHORIZED(4001, "unauthorized", Advice.NEW_TOKEN_RECONNECT),
  FORBIDDEN(4003, "forbidden", Advice.STOP),
  RATE_LIMITED(4008, "rate limited", Advice.RECONNECT_AFTER_BACKOFF),
  TOO_SLOW(4009, "too slow to keep up", Advice.RECONNECT_RESUME),
  TOKEN_EXPIRED(4010, "token expired", Advice.REFRESH_TOKEN_RECONNECT_RESUME),
  SESSION_TAKEN_OVER(4011, "session resumed on another connection", Advice.STOP_THIS_CONNECTION),
  NO_HELLO(4012, "no hello before the auth deadline", Advice.RECONNECT);

  /** What a client should do after a close: the "client should" column of the protocol, word for word. */
  public enum Advice {
    STOP("stop", false),
    STOP_FIX_SENDER("stop, fix the sender", false),
    STOP_THIS_CONNECTION("stop this connection", false),
    RECONNECT("reconnect", true),
    RECONNECT_RESUME("reconnect, resume", true),
    RECONNECT_AFTER_BACKOFF("reconnect after backoff", true),
    RECONNECT_WITH_BACKOFF_RESUME("reconnect with backoff, resume", true),
    RECONNECT_WITH_JITTER_RESUME("reconnect with jitter, resume", true),
    RECONNECT_AFTER_LONGER_BACKOFF_RESUME("reconnect after a longer backoff, resume", true),
    NEW_TOKEN_RECONNECT("get a new token, then reconnect", true),
    REFRESH_TOKEN_RECONNECT_RESUME("refresh token, reconnect, resume", true);

    private final String text;
    private final boolean reconnect;

    Advice(String text, boolean reconnect) {
      this.text = text;
      this.reconnect = reconnect;
    }

    /** The documented wording, e.g. {@code reconnect with backoff, resume}. */
    public String text() {
      return text;
    }

    /** Whether the client should connect again (false: stop). */
    public boolean reconnects() {
      return reconnect;
    }

    /** Whether the client needs another token before it reconnects. */
    public boolean needsNewToken() {
      return this == NEW_TOKEN_RECONNECT || this == REFRESH_TOKEN_RECONNECT_RESUME;
    }
  }

  private final int code;
  private final String meaning;
  private final Advice advice;
  private final boolean onWire;

  CloseCode(int code, String meaning, Advice advice) {
    this(code, meaning, advice, true);
  }

  CloseCode(int code, String meaning, Advice advice, boolean onWire) {
    this.code = code;
    this.meaning = meaning;
    this.advice = advice;
    this.onWire = onWire;
  }

  /** The status code of the close frame. */
  public int code() {
    return code;
  }

  /** A short meaning, as documented. */
  public String meaning() {
    return meaning;
  }

  public Advice advice() {
    return advice;
  }

  /** False for the pseudo-codes 1005 and 1006, which no close frame carries. */
  public boolean onWire() {
    return onWire;
  }
}
