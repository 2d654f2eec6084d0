package io.logcast.gateway.auth;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Mints test tokens and keys with the JDK only, the way an identity provider would. */
public final class TestTokens {
  public static final String SECRET = "test-secret-that-is-at-least-32-bytes-long!";

  private TestTokens() {}

  public static KeyPair rsa() {
    return generate("RSA", 2048);
  }

  public static KeyPair ec() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair generate(String algorithm, int bits) {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance(algorithm);
      g.initialize(bits);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Standard claims: sub, exp in {@code ttlSeconds}, and the two ACL claims. */
  public static JsonObject claims(String sub, long ttlSeconds, JsonArray subscribe, JsonArray publish) {
    JsonObject c = new JsonObject().put("sub", sub).put("exp", nowSeconds() + ttlSeconds);
    if (subscribe != null) {
      c.put("subscribe", subscribe);
    }
    if (publish != null) {
      c.put("publish", publish);
    }
    return c;
  }

  public static long nowSeconds() {
    return System.currentTimeMillis() / 1_000;
  }

  public static String hs256(String secret, JsonObject claims) {
    return hs256(secret, new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims);
  }

  public static String hs256(String secret, JsonObject header, JsonObject claims) {
    String input = b64(header.encode()) + "." + b64(claims.encode());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String rs256(PrivateKey key, String kid, JsonObject claims) {
    return sign("SHA256withRSA", key, header("RS256", kid), claims);
  }

  /** ES256 as JOSE wants it: R || S, 64 bytes (the JDK's P1363 format). */
  public static String es256(PrivateKey key, String kid, JsonObject claims) {
    return sign("SHA256withECDSAinP1363Format", key, header("ES256", kid), claims);
  }

  /** ES256 header but a DER-encoded signature: what a naive signer produces; must be refused. */
  public static String es256Der(PrivateKey key, String kid, JsonObject claims) {
    return sign("SHA256withECDSA", key, header("ES256", kid), claims);
  }

  public static String sign(String algorithm, PrivateKey key, JsonObject header, JsonObject claims) {
    String input = b64(header.encode()) + "." + b64(claims.encode());
    try {
      Signature s = Signature.getInstance(algorithm);
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + b64(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code alg: none}: header, claims, empty signature. */
  public static String unsigned(JsonObject claims) {
    return b64(new JsonObject().put("alg", "none").put("typ", "JWT").encode()) + "." + b64(claims.encode()) + ".";
  }

  public static JsonObject header(String alg, String kid) {
    JsonObject h = new JsonObject().put("alg", alg).put("typ", "JWT");
    return kid == null ? h : h.put("kid", kid);
  }

  public static JsonObject jwk(PublicKey key, String kid) {
    JsonObject j = new JsonObject().put("use", "sig");
    if (kid != null) {
      j.put("kid", kid);
    }
    if (key instanceof RSAPublicKey r) {
      return j.put("kty", "RSA").put("alg", "RS256").put("n", b64(unsigned(r.getModulus())))
          .put("e", b64(unsigned(r.getPublicExponent())));
    }
    ECPublicKey e = (ECPublicKey) key;
    return j.put("kty", "EC").put("crv", "P-256").put("alg", "ES256")
        .put("x", b64(fixed32(e.getW().getAffineX()))).put("y", b64(fixed32(e.getW().getAffineY())));
  }

  public static JsonObject jwks(JsonObject... keys) {
    JsonArray a = new JsonArray();
    for (JsonObject k : keys) {
      a.add(k);
    }
    return new JsonObject().put("keys", a);
  }

  public static String pem(PublicKey key) {
    return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n";
  }

  public static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  public static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }

  private static byte[] fixed32(BigInteger n) {
    byte[] b = unsigned(n);
    byte[] out = new byte[32];
    System.arraycopy(b, 0, out, 32 - b.length, b.length);
    return out;
  }
}
