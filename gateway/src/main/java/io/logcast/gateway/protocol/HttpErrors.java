package io.logcast.gateway.protocol;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Errors over HTTP: the status of the code, and the same error object the socket uses. */
public final class HttpErrors {
  private HttpErrors() {}

  public static void send(HttpServerResponse response, ProtocolError error) {
    send(response, error.code().httpStatus(), error);
  }

  public static void send(HttpServerResponse response, int status, ProtocolError error) {
    send(response, status, error, null);
  }

  /** With a {@code reason} that tells apart errors of one code (e.g. {@code epoch}). */
  public static void send(HttpServerResponse response, ProtocolError error, String reason) {
    send(response, error.code().httpStatus(), error, reason);
  }

  private static void send(HttpServerResponse response, int status, ProtocolError error, String reason) {
    if (response.ended() || response.closed()) {
      return;
    }
    if (error.code() == ErrorCode.UNAUTHORIZED) {
      // RFC 6750 §3: a 401 names the scheme it wants
      response.putHeader("WWW-Authenticate", "Bearer realm=\"logcast\"");
    }
    JsonObject body = new JsonObject().put("type", "error").put("code", error.code().wire()).put("message", error.message());
    if (reason != null) {
      body.put("reason", reason);
    }
    response.setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
  }

  /** Maps the statuses vertx-web produces itself (body too large, not found, ...) to error objects. */
  public static ProtocolError forStatus(int status) {
    return switch (status) {
      case 404 -> ProtocolError.notFound("no such resource");
      case 405 -> ProtocolError.badRequest("method not allowed");
      case 413 -> ProtocolError.limit("request body too large");
      case 400 -> ProtocolError.badRequest("bad request");
      default -> status >= 500 ? new ProtocolError(ErrorCode.INTERNAL, "internal error")
          : ProtocolError.badRequest("request refused (" + status + ")");
    };
  }
}
