package io.logcast.gateway.publish;

import io.logcast.gateway.protocol.ProtocolError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One idempotency key in its scope (principal and topic). {@code storeKey} joins the escaped parts
 * with NUL, so no client key can reach into another scope; {@code tag} is what goes into the
 * {@link #HEADER} of each record written under the key: a hash, so the log shows neither the
 * principal nor the key to consumers.
 */
record IdempotencyScope(String storeKey, String tag) {
  /** Header on every record written with an idempotency key: {@code <tag>:<item index>}. */
  static final String HEADER = "logcast-idempotency";
  static final int MAX_KEY_LENGTH = 256;

  static IdempotencyScope of(String subject, String topic, String key) {
    if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
      throw ProtocolError.badRequest("the idempotency key must be 1-" + MAX_KEY_LENGTH + " characters").exception();
    }
    String storeKey = escape(subject) + '\u0000' + escape(topic) + '\u0000' + escape(key);
    return new IdempotencyScope(storeKey, sha256(storeKey));
  }

  String headerValue(int index) {
    return tag + ':' + index;
  }

  /** NUL separates the parts and {@code %} escapes: both are escaped inside a part. */
  static String escape(String part) {
    return part.replace("%", "%25").replace("\u0000", "%00");
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
