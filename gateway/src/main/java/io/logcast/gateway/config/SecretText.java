package io.logcast.gateway.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** A configured secret (HS256 key, admin key). Its {@code toString} is a mask, so it cannot leak by printing. */
public final class SecretText {
  private final byte[] bytes;

  public SecretText(String value) {
    this.bytes = value.getBytes(StandardCharsets.UTF_8);
  }

  /** A copy of the UTF-8 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /** Constant-time comparison: how much of a guess matched does not show in the response time. */
  public boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(bytes, candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return Secret.MASK;
  }
}
