package io.logcast.gateway.auth;

import io.logcast.gateway.config.KeyChecks;

import io.logcast.gateway.config.AuthConfig.Alg;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JWK set (RFC 7517) → the keys usable with the pinned algorithm, by {@code kid}. Keys of another
 * type, curve or algorithm, keys not for signatures and weak RSA keys are skipped, not errors: a
 * JWKS often serves several algorithms.
 */
final class JwkParser {
  /** Keys kept from one document; bounds memory whatever the URL serves. */
  static final int MAX_KEYS = 100;
  /** A key without {@code kid} is stored under this id; only a kid-less token can select it. */
  static final String NO_KID = "";

  private JwkParser() {}

  /** @throws IllegalArgumentException when the document is not a JWK set */
  static Map<String, PublicKey> parseSet(byte[] json, Alg alg) {
    Object doc;
    try {
      doc = Json.decodeValue(Buffer.buffer(json));
    } catch (DecodeException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (!(doc instanceof JsonObject o) || !(o.getValue("keys") instanceof JsonArray keys)) {
      throw new IllegalArgumentException("not a JWK set (no 'keys' array)");
    }
    Map<String, PublicKey> out = new LinkedHashMap<>();
    for (Object k : keys) {
      if (out.size() >= MAX_KEYS) {
        break;
      }
      if (k instanceof JsonObject jwk) {
        PublicKey key = key(jwk, alg);
        if (key != null) {
          out.putIfAbsent(jwk.getValue("kid") instanceof String kid ? kid : NO_KID, key);
        }
      }
    }
    return Map.copyOf(out);
  }

  private static PublicKey key(JsonObject jwk, Alg alg) {
    if (jwk.containsKey("use") && !"sig".equals(jwk.getValue("use"))) {
      return null;
    }
    if (jwk.containsKey("alg") && !alg.name().equals(jwk.getValue("alg"))) {
      return null;
    }
    try {
      PublicKey key = switch (alg) {
        case RS256 -> "RSA".equals(jwk.getValue("kty"))
            ? KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(big(jwk, "n"), big(jwk, "e")))
            : null;
        case ES256 -> "EC".equals(jwk.getValue("kty")) && "P-256".equals(jwk.getValue("crv"))
            ? KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(new ECPoint(big(jwk, "x"), big(jwk, "y")), KeyChecks.P256))
            : null;
        case HS256 -> null;
      };
      return key != null && KeyChecks.problem(alg, key) == null ? key : null;
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  private static BigInteger big(JsonObject jwk, String member) {
    if (!(jwk.getValue(member) instanceof String s) || s.isEmpty()) {
      throw new IllegalArgumentException("missing " + member);
    }
    return new BigInteger(1, Base64.getUrlDecoder().decode(s));
  }
}
