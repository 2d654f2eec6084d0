package io.logcast.gateway.config;

import java.net.URI;
import java.security.PublicKey;
import java.util.List;

/**
 * How connections and HTTP requests are authenticated (docs/security.md). {@code mode} must be
 * chosen explicitly; {@code none} gives every client the anonymous principal, allowed everything.
 *
 * @param alg the one JWT algorithm accepted (null in mode none)
 * @param hs256Secret HS256 only
 * @param publicKeys RS256/ES256 from PEM (empty when a JWKS URL is used)
 * @param jwksUrl RS256/ES256 from a JWKS URL (null when PEM keys are used)
 * @param adminKey optional key for the admin API ({@code X-Admin-Key}), besides admin tokens
 * @param origins allowed web origins; empty with mode none means the Origin is not checked
 */
public record AuthConfig(
    Mode mode,
    Alg alg,
    SecretText hs256Secret,
    List<PublicKey> publicKeys,
    URI jwksUrl,
    long jwksMaxAgeSeconds,
    long jwksRefreshCooldownSeconds,
    String issuer,
    List<String> audience,
    long clockSkewSeconds,
    boolean queryParamToken,
    String adminClaim,
    SecretText adminKey,
    List<String> origins,
    boolean allowMissingOrigin) {

  public enum Mode { NONE, JWT }

  public enum Alg { HS256, RS256, ES256 }

  public static final long DEFAULT_JWKS_MAX_AGE_SECONDS = 600;
  public static final long DEFAULT_JWKS_REFRESH_COOLDOWN_SECONDS = 30;
  public static final long DEFAULT_CLOCK_SKEW_SECONDS = 30;
  public static final String DEFAULT_ADMIN_CLAIM = "admin";
  /** RFC 7518 §3.2: an HS256 key must be at least as long as the hash output. */
  public static final int MIN_HS256_SECRET_BYTES = 32;
  public static final int MIN_ADMIN_KEY_BYTES = 32;

  public AuthConfig {
    publicKeys = List.copyOf(publicKeys);
    audience = List.copyOf(audience);
    origins = List.copyOf(origins);
  }

  /** Mode only, every other setting at its default (tests, dev mode). */
  public AuthConfig(Mode mode) {
    this(mode, null, null, List.of(), null, DEFAULT_JWKS_MAX_AGE_SECONDS, DEFAULT_JWKS_REFRESH_COOLDOWN_SECONDS, null,
        List.of(), DEFAULT_CLOCK_SKEW_SECONDS, false, DEFAULT_ADMIN_CLAIM, null, List.of(), false);
  }

  /** Secrets masked; the JWKS URL without user info or query, which could carry credentials. */
  @Override
  public String toString() {
    return "AuthConfig[mode=" + mode + ", alg=" + alg + ", hs256Secret=" + (hs256Secret == null ? null : Secret.MASK)
        + ", publicKeys=" + publicKeys.size() + ", jwksUrl=" + (jwksUrl == null ? null
            : jwksUrl.getScheme() + "://" + jwksUrl.getHost() + (jwksUrl.getPort() < 0 ? "" : ":" + jwksUrl.getPort())
                + jwksUrl.getRawPath())
        + ", jwksMaxAgeSeconds=" + jwksMaxAgeSeconds + ", jwksRefreshCooldownSeconds=" + jwksRefreshCooldownSeconds
        + ", issuer=" + issuer + ", audience=" + audience + ", clockSkewSeconds=" + clockSkewSeconds
        + ", queryParamToken=" + queryParamToken + ", adminClaim=" + adminClaim
        + ", adminKey=" + (adminKey == null ? null : Secret.MASK) + ", origins=" + origins
        + ", allowMissingOrigin=" + allowMissingOrigin + "]";
  }
}
