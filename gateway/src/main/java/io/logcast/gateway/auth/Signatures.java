package io.logcast.gateway.auth;

import io.logcast.gateway.config.AuthConfig.Alg;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * JWS signature checks with the JDK's own providers. Each algorithm accepts only its own key type,
 * so a public key can never be used as an HMAC secret (algorithm confusion), whatever the header says.
 */
final class Signatures {
  /** ES256 signatures are R || S, 32 bytes each (RFC 7518 §3.4), not DER. */
  static final int ES256_SIGNATURE_BYTES = 64;

  private Signatures() {}

  static boolean verify(Alg alg, Key key, byte[] input, byte[] signature) {
    try {
      return switch (alg) {
        case HS256 -> key instanceof SecretKey k && hmac(k, input, signature);
        case RS256 -> key instanceof RSAPublicKey k && check("SHA256withRSA", k, input, signature);
        case ES256 -> key instanceof ECPublicKey k && signature.length == ES256_SIGNATURE_BYTES
            && nonZero(signature, 0) && nonZero(signature, 32)
            // the P1363 variant takes R || S as is: the JDK does the JOSE ↔ DER conversion itself
            && check("SHA256withECDSAinP1363Format", k, input, signature);
      };
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean hmac(SecretKey key, byte[] input, byte[] signature) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(key);
    // constant time: no timing oracle on how many leading bytes matched
    return MessageDigest.isEqual(mac.doFinal(input), signature);
  }

  private static boolean check(String algorithm, PublicKey key, byte[] input, byte[] signature)
      throws GeneralSecurityException {
    Signature s = Signature.getInstance(algorithm);
    s.initVerify(key);
    s.update(input);
    return s.verify(signature);
  }

  /** R = 0 or S = 0 is never valid (CVE-2022-21449 accepted them); refuse before the provider sees it. */
  private static boolean nonZero(byte[] sig, int from) {
    for (int i = from; i < from + 32; i++) {
      if (sig[i] != 0) {
        return true;
      }
    }
    return false;
  }
}
