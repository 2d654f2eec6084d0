package io.logcast.gateway.cli;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a JWT the way an identity provider would, with the JDK only: HS256, RS256 or ES256. */
final class JwtMint {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private JwtMint() {}

  static String hs256(byte[] secret, String kid, JsonObject claims) {
    String input = input("HS256", kid, claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RS256 with an RSA key, ES256 with a P-256 key; JOSE wants ES256 as R || S (the JDK's P1363 format). */
  static String sign(String alg, PrivateKey key, String kid, JsonObject claims) {
    String input = input(alg, kid, claims);
    try {
      Signature s = Signature.getInstance("ES256".equals(alg) ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
      s.initSign(key);
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + B64.encodeToString(s.sign());
    } catch (java.security.InvalidKeyException e) {
      throw new UserError("the private key does not fit " + alg + " (RS256 needs an RSA key, ES256 an EC P-256 key)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PKCS#8 {@code PRIVATE KEY} PEM block (what {@code openssl genpkey} writes), RSA or EC. */
  static PrivateKey privateKey(String pem, String alg) {
    String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    if (!pem.contains("-----BEGIN PRIVATE KEY-----") || body.isEmpty()) {
      throw new UserError("the private key must be a PKCS#8 PEM block (-----BEGIN PRIVATE KEY-----); convert with "
          + "`openssl pkcs8 -topk8 -nocrypt -in key.pem`");
    }
    try {
      byte[] der = Base64.getDecoder().decode(body);
      return KeyFactory.getInstance("ES256".equals(alg) ? "EC" : "RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new UserError("the private key cannot be read as an " + ("ES256".equals(alg) ? "EC" : "RSA") + " key");
    }
  }

  private static String input(String alg, String kid, JsonObject claims) {
    JsonObject header = new JsonObject().put("alg", alg).put("typ", "JWT");
    if (kid != null) {
      header.put("kid", kid);
    }
    return B64.encodeToString(header.encode().getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
  }
}
