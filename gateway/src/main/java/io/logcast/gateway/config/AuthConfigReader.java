package io.logcast.gateway.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reads and validates the {@code auth.*} keys; every problem is reported, none stops the others. */
final class AuthConfigReader {
  /** Settings that mean nothing without JWT: setting one with mode none is almost surely a mistake. */
  private static final List<String> JWT_ONLY = List.of("auth.alg", "auth.hs256Secret", "auth.publicKeysPem",
      "auth.jwksUrl", "auth.jwksMaxAgeSeconds", "auth.jwksRefreshCooldownSeconds", "auth.issuer", "auth.audience",
      "auth.clockSkewSeconds", "auth.queryParamToken", "auth.adminClaim");
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
  private static final int MAX_PEM_KEYS = 16;

  private AuthConfigReader() {}

  static AuthConfig read(Settings s) {
    AuthConfig.Mode mode = s.choice("auth.mode", AuthConfig.Mode.class);
    List<String> origins = s.list("auth.origins");
    origins.forEach(o -> {
      String p = OriginPolicy.problem(o);
      if (p != null) {
        s.problem("auth.origins: " + p);
      }
    });
    boolean allowMissingOrigin = s.bool("auth.allowMissingOrigin", false);
    SecretText adminKey = secret(s, "auth.adminKey", AuthConfig.MIN_ADMIN_KEY_BYTES);
    if (mode != AuthConfig.Mode.JWT) {
      if (mode == AuthConfig.Mode.NONE) {
        JWT_ONLY.stream().filter(s::isSet).forEach(k -> s.problem(k + ": only used with auth.mode jwt"));
      }
      return new AuthConfig(mode, null, null, List.of(), null, AuthConfig.DEFAULT_JWKS_MAX_AGE_SECONDS,
          AuthConfig.DEFAULT_JWKS_REFRESH_COOLDOWN_SECONDS, null, List.of(), AuthConfig.DEFAULT_CLOCK_SKEW_SECONDS,
          false, AuthConfig.DEFAULT_ADMIN_CLAIM, adminKey, origins, allowMissingOrigin);
    }
    if (origins.isEmpty() && !allowMissingOrigin) {
      s.problem("auth.origins: list the web origins allowed to connect (e.g. https://app.example.com, "
          + "https://*.example.com, or * for any), or set auth.allowMissingOrigin: true for non-browser clients only");
    }
    AuthConfig.Alg alg = s.choice("auth.alg", AuthConfig.Alg.class);
    SecretText hs256Secret = secret(s, "auth.hs256Secret", AuthConfig.MIN_HS256_SECRET_BYTES);
    List<PublicKey> keys = pemKeys(s, alg);
    URI jwksUrl = jwksUrl(s);
    boolean pem = s.isSet("auth.publicKeysPem");
    boolean jwks = s.isSet("auth.jwksUrl");
    if (alg == AuthConfig.Alg.HS256) {
      if (hs256Secret == null) {
        s.problem("auth.hs256Secret: required with auth.alg HS256 (at least " + AuthConfig.MIN_HS256_SECRET_BYTES
            + " bytes; env " + ConfigKeys.envName("auth.hs256Secret") + ")");
      }
      if (pem || jwks) {
        s.problem("auth.alg: HS256 verifies with auth.hs256Secret only; remove auth.publicKeysPem / auth.jwksUrl");
      }
    } else if (alg != null) {
      if (hs256Secret != null) {
        s.problem("auth.hs256Secret: not used with auth.alg " + alg + " (it takes public keys; a shared secret "
            + "next to them invites algorithm confusion)");
      }
      if (pem == jwks) {
        s.problem("auth.alg: " + alg + " needs exactly one key source: auth.publicKeysPem or auth.jwksUrl");
      }
    }
    return new AuthConfig(mode, alg, hs256Secret, keys, jwksUrl,
        s.number("auth.jwksMaxAgeSeconds", AuthConfig.DEFAULT_JWKS_MAX_AGE_SECONDS, 1, 86_400),
        s.number("auth.jwksRefreshCooldownSeconds", AuthConfig.DEFAULT_JWKS_REFRESH_COOLDOWN_SECONDS, 1, 3_600),
        s.string("auth.issuer", null), s.list("auth.audience"),
        s.number("auth.clockSkewSeconds", AuthConfig.DEFAULT_CLOCK_SKEW_SECONDS, 0, 300),
        s.bool("auth.queryParamToken", false), s.string("auth.adminClaim", AuthConfig.DEFAULT_ADMIN_CLAIM),
        adminKey, origins, allowMissingOrigin);
  }

  private static SecretText secret(Settings s, String key, int minBytes) {
    String v = s.string(key, null);
    if (v == null) {
      return null;
    }
    SecretText secret = new SecretText(v);
    if (secret.length() < minBytes) {
      // the length only: the value itself is never quoted
      s.problem(key + ": at least " + minBytes + " bytes (got " + secret.length() + "); e.g. openssl rand -base64 48");
    }
    return secret;
  }

  /** Each item is inline PEM text, or the path of a file holding PEM blocks. */
  private static List<PublicKey> pemKeys(Settings s, AuthConfig.Alg alg) {
    List<PublicKey> keys = new ArrayList<>();
    List<String> items = s.list("auth.publicKeysPem");
    for (int i = 0; i < items.size(); i++) {
      String item = items.get(i);
      String where = PemKeys.looksLikePem(item) ? "item " + (i + 1) + " (inline PEM)" : item;
      try {
        String text = PemKeys.looksLikePem(item) ? item : Files.readString(Path.of(item));
        for (PublicKey k : PemKeys.parse(text)) {
          String p = alg == null ? null : KeyChecks.problem(alg, k);
          if (p != null) {
            s.problem("auth.publicKeysPem: " + where + ": " + p);
          }
          keys.add(k);
        }
      } catch (IOException | java.nio.file.InvalidPathException e) {
        s.problem("auth.publicKeysPem: " + where + ": cannot be read");
      } catch (IllegalArgumentException e) {
        s.problem("auth.publicKeysPem: " + where + ": " + e.getMessage());
      }
    }
    if (keys.size() > MAX_PEM_KEYS) {
      s.problem("auth.publicKeysPem: at most " + MAX_PEM_KEYS + " keys (every token is tried against each)");
    }
    return keys;
  }

  /** https, or http to this machine only: keys fetched in clear from elsewhere could be forged in transit. */
  private static URI jwksUrl(Settings s) {
    String v = s.string("auth.jwksUrl", null);
    if (v == null) {
      return null;
    }
    try {
      URI u = new URI(v);
      String host = u.getHost();
      boolean https = "https".equalsIgnoreCase(u.getScheme());
      boolean localHttp = "http".equalsIgnoreCase(u.getScheme()) && host != null && LOOPBACK.contains(host);
      if (host == null || !(https || localHttp)) {
        s.problem("auth.jwksUrl: must be an https:// URL (http:// only for localhost)");
        return null;
      }
      return u;
    } catch (URISyntaxException e) {
      s.problem("auth.jwksUrl: not a valid URL");
      return null;
    }
  }
}
