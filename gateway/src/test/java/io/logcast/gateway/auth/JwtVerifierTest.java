package io.logcast.gateway.auth;

import static io.logcast.gateway.auth.TestTokens.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.config.AuthConfig.Alg;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.CompletionException;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {
  private static final long NOW_S = 1_800_000_000L;
  private static final long SKEW_MS = 30_000;
  private static final KeyPair RSA = TestTokens.rsa();
  private static final KeyPair EC = TestTokens.ec();

  private static JwtVerifier hs256() {
    return new JwtVerifier(Alg.HS256, KeySource.fixed(List.of(new SecretKeySpec(
        SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))), "https://issuer.test", List.of("logcast"), SKEW_MS,
        "admin", () -> NOW_S * 1_000);
  }

  private static JwtVerifier with(Alg alg, KeyPair keys) {
    return new JwtVerifier(alg, KeySource.fixed(List.of(keys.getPublic())), null, List.of(), SKEW_MS, "admin",
        () -> NOW_S * 1_000);
  }

  private static JsonObject claims() {
    return new JsonObject().put("sub", "alice").put("exp", NOW_S + 60).put("iss", "https://issuer.test")
        .put("aud", "logcast").put("subscribe", new JsonArray().add("orders").add("chat.*/room-*"))
        .put("publish", new JsonArray().add("chat.*/room-1"));
  }

  private static Principal ok(JwtVerifier v, String token) {
    return v.authenticate(token).toCompletableFuture().join();
  }

  private static AuthFailure refused(JwtVerifier v, String token) {
    try {
      v.authenticate(token).toCompletableFuture().join();
    } catch (CompletionException e) {
      assertThat(e.getCause()).isInstanceOf(AuthException.class);
      // never any part of the token in what is reported
      assertThat(e.getCause().getMessage()).doesNotContain(token == null || token.isEmpty() ? "\u0000" : token);
      return ((AuthException) e.getCause()).failure();
    }
    throw new AssertionError("token accepted");
  }

  @Test
  void validHs256GivesThePrincipalWithItsClaims() {
    Principal p = ok(hs256(), TestTokens.hs256(SECRET, claims()));
    assertThat(p.subject()).isEqualTo("alice");
    assertThat(p.expiresAtMs()).isEqualTo((NOW_S + 60) * 1_000);
    assertThat(p.admin()).isFalse();
    assertThat(p.maySubscribe("orders", null)).isTrue();
    assertThat(p.maySubscribe("chat.eu", "room-7")).isTrue();
    assertThat(p.maySubscribe("chat.eu", null)).isFalse();
    assertThat(p.mayPublish("chat.eu", "room-1")).isTrue();
    assertThat(p.mayPublish("orders", null)).isFalse();
  }

  @Test
  void missingAndMalformedTokens() {
    JwtVerifier v = hs256();
    assertThat(refused(v, null)).isEqualTo(AuthFailure.MISSING);
    assertThat(refused(v, "  ")).isEqualTo(AuthFailure.MISSING);
    String good = TestTokens.hs256(SECRET, claims());
    for (String bad : List.of("abc", "a.b", "a.b.c.d.e", good + ".x", "!!!." + good.substring(good.indexOf('.') + 1),
        TestTokens.b64("[]") + "." + TestTokens.b64("{}") + ".",
        TestTokens.b64("{\"alg\":\"HS256\"}") + ".bm90IGpzb24.",
        good.substring(0, good.lastIndexOf('.')) + ".a=", "x".repeat(Jwt.MAX_TOKEN_CHARS + 1))) {
      assertThat(refused(v, bad)).as(bad.length() > 80 ? "long" : bad).isEqualTo(AuthFailure.MALFORMED);
    }
  }

  @Test
  void wrongSignatureOrSecret() {
    assertThat(refused(hs256(), TestTokens.hs256("another-secret-that-is-also-32-bytes-long", claims())))
        .isEqualTo(AuthFailure.SIGNATURE);
    String t = TestTokens.hs256(SECRET, claims());
    String tampered = t.substring(0, t.indexOf('.') + 1) + TestTokens.b64(claims().put("sub", "mallory").encode())
        + t.substring(t.lastIndexOf('.'));
    assertThat(refused(hs256(), tampered)).isEqualTo(AuthFailure.SIGNATURE);
  }

  @Test
  void expiryAndNotBeforeHonourTheSkew() {
    JwtVerifier v = hs256();
    assertThat(refused(v, TestTokens.hs256(SECRET, claims().put("exp", NOW_S - 31)))).isEqualTo(AuthFailure.EXPIRED);
    assertThat(ok(v, TestTokens.hs256(SECRET, claims().put("exp", NOW_S - 29))).subject()).isEqualTo("alice");
    assertThat(refused(v, TestTokens.hs256(SECRET, claims().put("nbf", NOW_S + 31))))
        .isEqualTo(AuthFailure.NOT_YET_VALID);
    assertThat(ok(v, TestTokens.hs256(SECRET, claims().put("nbf", NOW_S + 29))).subject()).isEqualTo("alice");
    // no exp: a token that never expires is refused; a non-number exp is malformed claims
    JsonObject noExp = claims();
    noExp.remove("exp");
    assertThat(refused(v, TestTokens.hs256(SECRET, noExp))).isEqualTo(AuthFailure.CLAIMS);
    assertThat(refused(v, TestTokens.hs256(SECRET, claims().put("exp", "tomorrow")))).isEqualTo(AuthFailure.CLAIMS);
  }

  @Test
  void issuerAndAudienceWhenConfigured() {
    JwtVerifier v = hs256();
    assertThat(refused(v, TestTokens.hs256(SECRET, claims().put("iss", "https://evil.test"))))
        .isEqualTo(AuthFailure.ISSUER);
    JsonObject noIss = claims();
    noIss.remove("iss");
    assertThat(refused(v, TestTokens.hs256(SECRET, noIss))).isEqualTo(AuthFailure.ISSUER);
    assertThat(refused(v, TestTokens.hs256(SECRET, claims().put("aud", "other")))).isEqualTo(AuthFailure.AUDIENCE);
    assertThat(ok(v, TestTokens.hs256(SECRET, claims().put("aud", new JsonArray().add("x").add("logcast")))).subject())
        .isEqualTo("alice");
  }

  @Test
  void algNoneAndOtherAlgorithmsAreRefusedBeforeAnyKey() {
    JwtVerifier v = hs256();
    assertThat(refused(v, TestTokens.unsigned(claims()))).isEqualTo(AuthFailure.ALGORITHM);
    String t = TestTokens.hs256(SECRET, new JsonObject().put("alg", "hs256"), claims());
    assertThat(refused(v, t)).isEqualTo(AuthFailure.ALGORITHM);
    assertThat(refused(v, TestTokens.rs256(RSA.getPrivate(), null, claims()))).isEqualTo(AuthFailure.ALGORITHM);
    assertThat(refused(v, TestTokens.hs256(SECRET, new JsonObject().put("alg", "HS256").put("crit",
        new JsonArray().add("exp")), claims()))).isEqualTo(AuthFailure.MALFORMED);
  }

  @Test
  void aTypHeaderMustNameAJwtOrAnAccessToken() {
    JwtVerifier v = hs256();
    for (String typ : new String[] {"JWT", "jwt", "at+jwt", "application/at+JWT", "application/jwt"}) {
      String t = TestTokens.hs256(SECRET, new JsonObject().put("alg", "HS256").put("typ", typ), claims());
      assertThat(ok(v, t).subject()).as(typ).isEqualTo("alice");
    }
    assertThat(ok(v, TestTokens.hs256(SECRET, new JsonObject().put("alg", "HS256"), claims())).subject())
        .as("no typ").isEqualTo("alice");
    for (Object typ : new Object[] {"logout+jwt", "dpop+jwt", "secevent+jwt", "JWE", 1}) {
      String t = TestTokens.hs256(SECRET, new JsonObject().put("alg", "HS256").put("typ", typ), claims());
      assertThat(refused(v, t)).as(String.valueOf(typ)).isEqualTo(AuthFailure.TYPE);
    }
  }

  @Test
  void rs256PublicKeyUsedAsAnHs256SecretIsRefused() {
    JwtVerifier v = with(Alg.RS256, RSA);
    assertThat(ok(v, TestTokens.rs256(RSA.getPrivate(), "k1", claims())).subject()).isEqualTo("alice");
    // the classic confusion: HMAC over the token with the (public) PEM text or DER bytes as the secret
    String pem = TestTokens.pem(RSA.getPublic());
    assertThat(refused(v, TestTokens.hs256(pem, claims()))).isEqualTo(AuthFailure.ALGORITHM);
    // even with the header lying about the algorithm, an HMAC is no RSA signature
    assertThat(refused(v, TestTokens.hs256(pem, TestTokens.header("RS256", null), claims())))
        .isEqualTo(AuthFailure.SIGNATURE);
  }

  @Test
  void es256WithJoseSignaturesOnly() {
    JwtVerifier v = with(Alg.ES256, EC);
    assertThat(ok(v, TestTokens.es256(EC.getPrivate(), "e1", claims())).subject()).isEqualTo("alice");
    assertThat(refused(v, TestTokens.es256Der(EC.getPrivate(), "e1", claims()))).isEqualTo(AuthFailure.SIGNATURE);
    String t = TestTokens.es256(EC.getPrivate(), "e1", claims());
    String zero = t.substring(0, t.lastIndexOf('.') + 1) + TestTokens.b64(new byte[64]);
    assertThat(refused(v, zero)).isEqualTo(AuthFailure.SIGNATURE);
    // an RSA key cannot verify ES256, whatever signs the token
    assertThat(refused(with(Alg.ES256, RSA), t)).isEqualTo(AuthFailure.SIGNATURE);
  }

  @Test
  void claimsShapes() {
    JwtVerifier v = hs256();
    Principal scoped = ok(v, TestTokens.hs256(SECRET, claims().put("subscribe", "orders  chat.*").put("admin", true)));
    assertThat(scoped.maySubscribe("chat.x", null)).isTrue();
    assertThat(scoped.admin()).isTrue();
    assertThat(ok(v, TestTokens.hs256(SECRET, claims().put("admin", "true"))).admin()).isFalse();
    JsonObject none = claims();
    none.remove("subscribe");
    assertThat(ok(v, TestTokens.hs256(SECRET, none)).maySubscribe("orders", null)).isFalse();
    for (Object bad : List.<Object>of(new JsonArray().add(1), new JsonArray().add("orders/"),
        new JsonArray().add("bad topic"), 42)) {
      assertThat(refused(v, TestTokens.hs256(SECRET, claims().put("publish", bad)))).as(bad.toString())
          .isEqualTo(AuthFailure.CLAIMS);
    }
    assertThat(refused(v, TestTokens.hs256(SECRET, claims().put("sub", "")))).isEqualTo(AuthFailure.CLAIMS);
    assertThat(refused(v, TestTokens.hs256(SECRET, claims().put("sub", 7)))).isEqualTo(AuthFailure.CLAIMS);
    assertThat(refused(v, TestTokens.hs256(SECRET, TestTokens.header("HS256", null).put("kid", 5), claims())))
        .isEqualTo(AuthFailure.MALFORMED);
  }

  @Test
  void failuresNeverCarryTheToken() {
    String token = TestTokens.hs256("another-secret-that-is-also-32-bytes-long", claims());
    AuthException e = new AuthException(refused(hs256(), token));
    assertThat(e.getMessage()).isEqualTo("invalid signature");
    assertThat(e.error().message()).doesNotContain(token);
    assertThat(e.getStackTrace()).isEmpty();
  }
}
