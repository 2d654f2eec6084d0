package io.logcast.gateway.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A compact JWS split into its parts, not yet verified. Only structure is checked here; nothing
 * in it may be trusted before {@link JwtVerifier} checked the signature.
 */
final class Jwt {
  /** Far above any real token; bounds parsing work for garbage. */
  static final int MAX_TOKEN_CHARS = 16_384;

  final JsonObject header;
  final JsonObject claims;
  final byte[] signingInput;
  final byte[] signature;

  private Jwt(JsonObject header, JsonObject claims, byte[] signingInput, byte[] signature) {
    this.header = header;
    this.claims = claims;
    this.signingInput = signingInput;
    this.signature = signature;
  }

  /** @throws AuthException MISSING for null/blank, MALFORMED for anything that is not a compact JWS */
  static Jwt parse(String token) {
    if (token == null || token.isBlank()) {
      throw new AuthException(AuthFailure.MISSING);
    }
    if (token.length() > MAX_TOKEN_CHARS) {
      throw new AuthException(AuthFailure.MALFORMED);
    }
    int d1 = token.indexOf('.');
    int d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
    // exactly three parts: a JWE (five parts) or anything else is not ours to interpret
    if (d1 <= 0 || d2 < 0 || token.indexOf('.', d2 + 1) >= 0) {
      throw new AuthException(AuthFailure.MALFORMED);
    }
    JsonObject header = object(decode(token.substring(0, d1)));
    JsonObject claims = object(decode(token.substring(d1 + 1, d2)));
    byte[] signature = decode(token.substring(d2 + 1));
    return new Jwt(header, claims, token.substring(0, d2).getBytes(StandardCharsets.US_ASCII), signature);
  }

  String alg() {
    return header.getValue("alg") instanceof String s ? s : null;
  }

  /** The key id the token names, or null. A non-string kid is malformed. */
  String kid() {
    Object kid = header.getValue("kid");
    if (kid != null && !(kid instanceof String)) {
      throw new AuthException(AuthFailure.MALFORMED);
    }
    return (String) kid;
  }

  private static byte[] decode(String part) {
    // base64url without padding (RFC 7515); the JDK decoder would also take '=' padding
    if (part.indexOf('=') >= 0) {
      throw new AuthException(AuthFailure.MALFORMED);
    }
    try {
      return Base64.getUrlDecoder().decode(part);
    } catch (IllegalArgumentException e) {
      throw new AuthException(AuthFailure.MALFORMED);
    }
  }

  private static JsonObject object(byte[] json) {
    try {
      if (Json.decodeValue(new String(json, StandardCharsets.UTF_8)) instanceof JsonObject o) {
        return o;
      }
    } catch (DecodeException e) {
      // reported below, without the parser's message (it would quote the input)
    }
    throw new AuthException(AuthFailure.MALFORMED);
  }

  @Override
  public String toString() {
    return "Jwt[alg=" + alg() + "]";
  }
}
