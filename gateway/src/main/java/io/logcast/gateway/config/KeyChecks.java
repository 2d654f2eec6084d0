package io.logcast.gateway.config;

import io.logcast.gateway.config.AuthConfig.Alg;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;

/** Whether a public key fits the pinned algorithm: RSA of at least 2048 bits, or EC on P-256. */
public final class KeyChecks {
  public static final int MIN_RSA_BITS = 2_048;
  public static final ECParameterSpec P256 = p256();

  private KeyChecks() {}

  /** Null when {@code key} can verify {@code alg} signatures, else why not (no key material in it). */
  public static String problem(Alg alg, PublicKey key) {
    return switch (alg) {
      case RS256 -> key instanceof RSAPublicKey r && r.getModulus().bitLength() >= MIN_RSA_BITS ? null
          : "RS256 needs an RSA public key of at least " + MIN_RSA_BITS + " bits";
      case ES256 -> key instanceof ECPublicKey e && isP256(e.getParams()) ? null
          : "ES256 needs an EC public key on curve P-256";
      case HS256 -> "HS256 uses auth.hs256Secret, not a public key";
    };
  }

  static boolean isP256(ECParameterSpec p) {
    return p != null && p.getOrder().equals(P256.getOrder()) && p.getCurve().equals(P256.getCurve())
        && p.getGenerator().equals(P256.getGenerator());
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp256r1"));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no P-256", e);
    }
  }
}
