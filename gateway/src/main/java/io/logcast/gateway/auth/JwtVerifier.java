package io.logcast.gateway.auth;

import io.logcast.gateway.config.AuthConfig.Alg;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.Key;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.LongSupplier;

/**
 * Verifies a compact JWS with the one algorithm the configuration pins, then its claims. The order
 * matters: the header's {@code alg} must equal the pinned one (so {@code none} and algorithm
 * confusion never reach a key), the signature is checked before any claim is believed, and only
 * then time, issuer, audience and the ACL claims.
 */
public final class JwtVerifier implements Authenticator {
  public static final int MAX_SUBJECT_LENGTH = 256;
  /** Year ~33658: a later exp is clamped so that adding the skew cannot overflow. */
  private static final long MAX_TIME_MS = 1_000_000_000_000_000L;

  private final Alg alg;
  private final KeySource keys;
  private final String issuer;
  private final List<String> audience;
  private final long skewMs;
  private final String adminClaim;
  private final LongSupplier clockMs;

  public JwtVerifier(Alg alg, KeySource keys, String issuer, List<String> audience, long skewMs, String adminClaim,
      LongSupplier clockMs) {
    this.alg = alg;
    this.keys = keys;
    this.issuer = issuer;
    this.audience = List.copyOf(audience);
    this.skewMs = skewMs;
    this.adminClaim = adminClaim;
    this.clockMs = clockMs;
  }

  /**
   * Absent, or a JWT / an OAuth access token (RFC 9068), in any case, with or without the
   * "application/" prefix (RFC 7515 §4.1.9): a token an IdP minted for another purpose (an ID
   * token's logout sibling, a DPoP proof, a security event) is not a session token here.
   */
  static boolean acceptedType(Object typ) {
    if (typ == null) {
      return true;
    }
    if (!(typ instanceof String s)) {
      return false;
    }
    String t = s.toLowerCase(java.util.Locale.ROOT);
    if (t.startsWith("application/")) {
      t = t.substring("application/".length());
    }
    return t.equals("jwt") || t.equals("at+jwt");
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public CompletionStage<Principal> authenticate(String token) {
    Jwt jwt;
    String kid;
    try {
      jwt = Jwt.parse(token);
      // exact, case-sensitive: "none", "None", "HS256" on an RS256 gateway... all stop here
      if (!alg.name().equals(jwt.alg())) {
        throw new AuthException(AuthFailure.ALGORITHM);
      }
      if (jwt.header.containsKey("crit")) {
        // RFC 7515 §4.1.11: extensions we do not understand must be refused
        throw new AuthException(AuthFailure.MALFORMED);
      }
      if (!acceptedType(jwt.header.getValue("typ"))) {
        throw new AuthException(AuthFailure.TYPE);
      }
      kid = jwt.kid();
    } catch (AuthException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Principal> out = new CompletableFuture<>();
    keys.keys(kid).whenComplete((candidates, err) -> {
      if (err != null) {
        out.completeExceptionally(AuthException.unwrap(err));
        return;
      }
      try {
        out.complete(check(jwt, candidates));
      } catch (AuthException e) {
        out.completeExceptionally(e);
      }
    });
    return out;
  }

  private Principal check(Jwt jwt, List<Key> candidates) {
    boolean signed = false;
    for (Key key : candidates) {
      if (Signatures.verify(alg, key, jwt.signingInput, jwt.signature)) {
        signed = true;
        break;
      }
    }
    if (!signed) {
      throw new AuthException(AuthFailure.SIGNATURE);
    }
    JsonObject c = jwt.claims;
    long now = clockMs.getAsLong();
    long expMs = timeMs(c, "exp");
    if (expMs < 0) {
      throw new AuthException(AuthFailure.CLAIMS); // a token that never expires is refused
    }
    if (now >= expMs + skewMs) {
      throw new AuthException(AuthFailure.EXPIRED);
    }
    long nbfMs = timeMs(c, "nbf");
    if (nbfMs >= 0 && now + skewMs < nbfMs) {
      throw new AuthException(AuthFailure.NOT_YET_VALID);
    }
    if (issuer != null && !issuer.equals(c.getValue("iss"))) {
      throw new AuthException(AuthFailure.ISSUER);
    }
    if (!audience.isEmpty() && !audienceMatches(c.getValue("aud"))) {
      throw new AuthException(AuthFailure.AUDIENCE);
    }
    if (!(c.getValue("sub") instanceof String sub) || sub.isEmpty() || sub.length() > MAX_SUBJECT_LENGTH) {
      throw new AuthException(AuthFailure.CLAIMS);
    }
    return new Principal(sub, patterns(c.getValue("subscribe")), patterns(c.getValue("publish")),
        Boolean.TRUE.equals(c.getValue(adminClaim)), expMs);
  }

  /** A NumericDate claim in ms, or -1 when absent; present but not a number is malformed. */
  private static long timeMs(JsonObject c, String name) {
    Object v = c.getValue(name);
    if (v == null) {
      return -1;
    }
    if (!(v instanceof Number n) || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
      throw new AuthException(AuthFailure.CLAIMS);
    }
    return (long) Math.min(Math.floor(n.doubleValue() * 1_000), MAX_TIME_MS);
  }

  private boolean audienceMatches(Object aud) {
    if (aud instanceof String s) {
      return audience.contains(s);
    }
    if (aud instanceof JsonArray a) {
      for (Object o : a) {
        if (o instanceof String s && audience.contains(s)) {
          return true;
        }
      }
    }
    return false;
  }

  /** An array of strings, or one space-separated string (as OAuth scopes are); absent: nothing allowed. */
  private static AclPatterns patterns(Object claim) {
    if (claim == null) {
      return AclPatterns.NONE;
    }
    List<String> list = new ArrayList<>();
    if (claim instanceof String s) {
      Arrays.stream(s.trim().split("\\s+")).filter(p -> !p.isEmpty()).forEach(list::add);
    } else if (claim instanceof JsonArray a && a.size() <= AclPatterns.MAX_PATTERNS) {
      for (Object o : a) {
        if (!(o instanceof String p)) {
          throw new AuthException(AuthFailure.CLAIMS);
        }
        list.add(p);
      }
    } else {
      throw new AuthException(AuthFailure.CLAIMS);
    }
    try {
      return AclPatterns.parse(list);
    } catch (IllegalArgumentException e) {
      throw new AuthException(AuthFailure.CLAIMS);
    }
  }
}
