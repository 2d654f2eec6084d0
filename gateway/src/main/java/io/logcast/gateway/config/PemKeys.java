package io.logcast.gateway.config;

import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Public keys from PEM text: {@code PUBLIC KEY} (SPKI) and {@code CERTIFICATE} blocks, any number
 * per text. Error messages never quote the text.
 */
public final class PemKeys {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  private PemKeys() {}

  public static boolean looksLikePem(String text) {
    return text.contains("-----BEGIN ");
  }

  /** @throws IllegalArgumentException when there is no usable block, or a block is not a public key */
  public static List<PublicKey> parse(String text) {
    List<PublicKey> keys = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(m.group(2));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("a " + type + " block is not valid base64");
      }
      switch (type) {
        case "PUBLIC KEY" -> keys.add(spki(der));
        case "CERTIFICATE" -> keys.add(certificate(der));
        default -> throw new IllegalArgumentException("a '" + type + "' block is not supported"
            + (type.contains("PRIVATE") ? " (configure the public key, never the private one)" : "")
            + "; use 'PUBLIC KEY' (SPKI) or 'CERTIFICATE'");
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("no PEM 'PUBLIC KEY' or 'CERTIFICATE' block found");
    }
    return keys;
  }

  private static PublicKey spki(byte[] der) {
    for (String algorithm : new String[] {"RSA", "EC"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // not this algorithm; try the next
      }
    }
    throw new IllegalArgumentException("a PUBLIC KEY block is neither an RSA nor an EC key");
  }

  private static PublicKey certificate(byte[] der) {
    try {
      return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("a CERTIFICATE block is not an X.509 certificate");
    }
  }
}
