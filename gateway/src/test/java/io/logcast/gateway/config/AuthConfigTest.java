package io.logcast.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.logcast.gateway.auth.TestTokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigTest {
  private static final String SECRET = TestTokens.SECRET;

  @TempDir
  Path dir;

  private static Map<String, String> base(String... kv) {
    Map<String, String> m = new HashMap<>(Map.of("node.id", "n", "kafka.bootstrapServers", "b:1", "topics.allow", "t"));
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static AuthConfig auth(String... kv) {
    return ConfigLoader.fromMap(base(kv), Map.of()).auth();
  }

  private static List<String> problems(String... kv) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.fromMap(base(kv), Map.of()));
    assertThat(e).as("expected a ConfigException").isNotNull();
    return e.problems();
  }

  @Test
  void hs256WithDefaults() {
    AuthConfig a = auth("auth.mode", "jwt", "auth.alg", "HS256", "auth.hs256Secret", SECRET,
        "auth.origins", "https://app.example.com,https://*.example.com");
    assertThat(a.mode()).isEqualTo(AuthConfig.Mode.JWT);
    assertThat(a.alg()).isEqualTo(AuthConfig.Alg.HS256);
    assertThat(a.hs256Secret().bytes()).isEqualTo(SECRET.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(a.clockSkewSeconds()).isEqualTo(AuthConfig.DEFAULT_CLOCK_SKEW_SECONDS);
    assertThat(a.jwksMaxAgeSeconds()).isEqualTo(AuthConfig.DEFAULT_JWKS_MAX_AGE_SECONDS);
    assertThat(a.jwksRefreshCooldownSeconds()).isEqualTo(AuthConfig.DEFAULT_JWKS_REFRESH_COOLDOWN_SECONDS);
    assertThat(a.adminClaim()).isEqualTo("admin");
    assertThat(a.queryParamToken()).isFalse();
    assertThat(a.allowMissingOrigin()).isFalse();
    assertThat(a.origins()).containsExactly("https://app.example.com", "https://*.example.com");
  }

  @Test
  void everyProblemAtOnce() {
    assertThat(problems("auth.mode", "jwt", "auth.alg", "HS256", "auth.hs256Secret", "too-short",
        "auth.jwksUrl", "http://idp.example.com/jwks", "auth.origins", "example.com", "auth.queryParamToken", "yes"))
        .contains(
            "auth.hs256Secret: at least 32 bytes (got 9); e.g. openssl rand -base64 48",
            "auth.alg: HS256 verifies with auth.hs256Secret only; remove auth.publicKeysPem / auth.jwksUrl",
            "auth.jwksUrl: must be an https:// URL (http:// only for localhost)",
            "auth.queryParamToken: 'yes' is not true or false")
        .anyMatch(p -> p.startsWith("auth.origins: 'example.com' is not an origin"))
        .noneMatch(p -> p.contains("too-short"));
  }

  @Test
  void jwtNeedsAnAlgorithmAKeySourceAndOrigins() {
    assertThat(problems("auth.mode", "jwt")).contains("auth.alg: required (env LOGCAST_AUTH_ALG)")
        .anyMatch(p -> p.startsWith("auth.origins: list the web origins"));
    assertThat(problems("auth.mode", "jwt", "auth.alg", "RS256", "auth.allowMissingOrigin", "true"))
        .contains("auth.alg: RS256 needs exactly one key source: auth.publicKeysPem or auth.jwksUrl");
    assertThat(problems("auth.mode", "jwt", "auth.alg", "HS256", "auth.allowMissingOrigin", "true"))
        .anyMatch(p -> p.startsWith("auth.hs256Secret: required with auth.alg HS256"));
    assertThat(problems("auth.mode", "jwt", "auth.alg", "PS256")).contains(
        "auth.alg: 'PS256' is not one of [hs256, rs256, es256]");
  }

  @Test
  void rs256WithOnlyAnHs256SecretIsRefused() {
    assertThat(problems("auth.mode", "jwt", "auth.alg", "RS256", "auth.hs256Secret", SECRET,
        "auth.allowMissingOrigin", "true"))
        .contains("auth.alg: RS256 needs exactly one key source: auth.publicKeysPem or auth.jwksUrl")
        .anyMatch(p -> p.startsWith("auth.hs256Secret: not used with auth.alg RS256"));
  }

  @Test
  void pemKeysInlineOrFromFilesMustFitTheAlgorithm() throws IOException {
    KeyPair rsa = TestTokens.rsa();
    KeyPair ec = TestTokens.ec();
    Path file = Files.writeString(dir.resolve("keys.pem"), TestTokens.pem(rsa.getPublic()) + TestTokens.pem(
        TestTokens.rsa().getPublic()));
    AuthConfig a = auth("auth.mode", "jwt", "auth.alg", "RS256", "auth.allowMissingOrigin", "true",
        "auth.publicKeysPem", file + "," + TestTokens.pem(rsa.getPublic()));
    assertThat(a.publicKeys()).hasSize(3);
    assertThat(problems("auth.mode", "jwt", "auth.alg", "RS256", "auth.allowMissingOrigin", "true",
        "auth.publicKeysPem", TestTokens.pem(ec.getPublic())))
        .contains("auth.publicKeysPem: item 1 (inline PEM): RS256 needs an RSA public key of at least 2048 bits");
    assertThat(auth("auth.mode", "jwt", "auth.alg", "ES256", "auth.allowMissingOrigin", "true",
        "auth.publicKeysPem", TestTokens.pem(ec.getPublic())).publicKeys()).hasSize(1);
    assertThat(problems("auth.mode", "jwt", "auth.alg", "ES256", "auth.allowMissingOrigin", "true",
        "auth.publicKeysPem", dir.resolve("nope.pem").toString()))
        .contains("auth.publicKeysPem: " + dir.resolve("nope.pem") + ": cannot be read");
    assertThat(problems("auth.mode", "jwt", "auth.alg", "ES256", "auth.allowMissingOrigin", "true",
        "auth.publicKeysPem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
        .anyMatch(p -> p.contains("configure the public key, never the private one"));
  }

  @Test
  void jwksUrlMustBeHttpsExceptOnThisMachine() {
    assertThat(auth("auth.mode", "jwt", "auth.alg", "RS256", "auth.allowMissingOrigin", "true",
        "auth.jwksUrl", "http://127.0.0.1:8081/jwks").jwksUrl()).hasPort(8081);
    assertThat(auth("auth.mode", "jwt", "auth.alg", "ES256", "auth.allowMissingOrigin", "true",
        "auth.jwksUrl", "https://idp.example.com/.well-known/jwks.json").jwksUrl()).hasHost("idp.example.com");
  }

  @Test
  void modeNoneIsExplicitAndRefusesJwtSettings() {
    assertThat(problems("auth.alg", "HS256")).contains("auth.mode: required (env LOGCAST_AUTH_MODE)");
    assertThat(problems("auth.mode", "none", "auth.hs256Secret", SECRET, "auth.issuer", "x"))
        .contains("auth.hs256Secret: only used with auth.mode jwt", "auth.issuer: only used with auth.mode jwt");
    AuthConfig none = auth("auth.mode", "none", "auth.origins", "https://app.example.com");
    assertThat(none.mode()).isEqualTo(AuthConfig.Mode.NONE);
    assertThat(none.origins()).containsExactly("https://app.example.com");
  }

  @Test
  void secretsNeverPrint() {
    String adminKey = "admin-key-that-is-at-least-32-bytes-long";
    AuthConfig a = auth("auth.mode", "jwt", "auth.alg", "HS256", "auth.hs256Secret", SECRET, "auth.adminKey", adminKey,
        "auth.allowMissingOrigin", "true");
    GatewayConfig whole = ConfigLoader.fromMap(base("auth.mode", "jwt", "auth.alg", "HS256", "auth.hs256Secret", SECRET,
        "auth.adminKey", adminKey, "auth.allowMissingOrigin", "true"), Map.of());
    for (String printed : List.of(a.toString(), whole.toString(), a.hs256Secret().toString())) {
      assertThat(printed).doesNotContain(SECRET).doesNotContain(adminKey);
    }
    assertThat(a.toString()).contains("hs256Secret=****", "adminKey=****");
    assertThat(auth("auth.mode", "jwt", "auth.alg", "RS256", "auth.allowMissingOrigin", "true",
        "auth.jwksUrl", "https://u:pw@idp.test/jwks?key=s3cret").toString())
        .contains("jwksUrl=https://idp.test/jwks").doesNotContain("s3cret").doesNotContain("pw@");
    assertThat(problems("auth.mode", "jwt", "auth.alg", "HS256", "auth.hs256Secret", "short-secret-xyz",
        "auth.allowMissingOrigin", "true").toString()).doesNotContain("short-secret-xyz");
  }

  @Test
  void everyAuthKeyHasAnEnvironmentVariable() {
    assertThat(ConfigKeys.envName("auth.hs256Secret")).isEqualTo("LOGCAST_AUTH_HS256_SECRET");
    assertThat(ConfigKeys.envName("auth.jwksRefreshCooldownSeconds"))
        .isEqualTo("LOGCAST_AUTH_JWKS_REFRESH_COOLDOWN_SECONDS");
    AuthConfig a = ConfigLoader.fromMap(base(), Map.of("LOGCAST_AUTH_MODE", "jwt", "LOGCAST_AUTH_ALG", "hs256",
        "LOGCAST_AUTH_HS256_SECRET", SECRET, "LOGCAST_AUTH_ORIGINS", "https://a.test", "LOGCAST_AUTH_AUDIENCE", "x,y"))
        .auth();
    assertThat(a.alg()).isEqualTo(AuthConfig.Alg.HS256);
    assertThat(a.audience()).containsExactly("x", "y");
  }
}
