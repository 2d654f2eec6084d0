package io.logcast.gateway.protocol;

/** The {@code code} of an {@code error} object, with the HTTP status the publish API uses for it. */
public enum ErrorCode {
  BAD_REQUEST(400),
  UNAUTHORIZED(401),
  FORBIDDEN(403),
  NOT_FOUND(404),
  LIMIT_EXCEEDED(413),
  RATE_LIMITED(429),
  UNAVAILABLE(503),
  INTERNAL(500);

  private final int httpStatus;

  ErrorCode(int httpStatus) {
    this.httpStatus = httpStatus;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The wire name, e.g. {@code bad_request}. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
