package io.logcast.gateway.protocol;

import io.vertx.core.json.JsonObject;

/**
 * An error as data. {@code message} is written for the client: it never carries exception text,
 * tokens or record contents.
 */
public record ProtocolError(ErrorCode code, String message) {

  public static ProtocolError badRequest(String message) {
    return new ProtocolError(ErrorCode.BAD_REQUEST, message);
  }

  public static ProtocolError forbidden(String message) {
    return new ProtocolError(ErrorCode.FORBIDDEN, message);
  }

  public static ProtocolError notFound(String message) {
    return new ProtocolError(ErrorCode.NOT_FOUND, message);
  }

  public static ProtocolError limit(String message) {
    return new ProtocolError(ErrorCode.LIMIT_EXCEEDED, message);
  }

  public static ProtocolError unavailable(String message) {
    return new ProtocolError(ErrorCode.UNAVAILABLE, message);
  }

  public ProtocolException exception() {
    return new ProtocolException(this);
  }

  /** The socket form: {@code {"type":"error","id":..,"code":..,"message":..}}. */
  public JsonObject toJson(Long requestId) {
    return new JsonObject()
        .put("type", "error")
        .put("id", requestId)
        .put("code", code.wire())
        .put("message", message);
  }
}
