package io.logcast.gateway.cli;

import io.logcast.gateway.config.AuthConfig;
import io.logcast.gateway.config.ConfigLoader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code logcast token}: a signed JWT with the gateway's claims, for development and tests. In
 * production an identity provider issues tokens; the gateway only verifies them.
 */
@Command(name = "token", description = "Mint a signed JWT (HS256, RS256 or ES256) with subscribe/publish claims, "
    + "for development and tests. Prints the token on stdout.")
final class TokenCommand implements Callable<Integer> {
  /** The gateway refuses shorter HS256 secrets; so does this. */
  static final int MIN_SECRET_BYTES = 32;

  @Option(names = "--sub", required = true, description = "the principal (the token's subject)")
  String subject;

  @Option(names = "--subscribe", split = ",", paramLabel = "PATTERN",
      description = "topic or topic/key patterns it may subscribe to (repeatable or comma-separated)")
  List<String> subscribe = List.of();

  @Option(names = "--publish", split = ",", paramLabel = "PATTERN", description = "patterns it may publish to")
  List<String> publish = List.of();

  @Option(names = "--admin", description = "grant the admin API (the config's auth.adminClaim, default 'admin')")
  boolean admin;

  @Option(names = "--ttl", defaultValue = "1h", description = "lifetime: 90s, 15m, 12h, 7d (default: ${DEFAULT-VALUE})")
  String ttl;

  @Option(names = "--alg", description = "HS256, RS256 or ES256 (default: the config's auth.alg, else HS256)")
  AuthConfig.Alg alg;

  @Option(names = "--secret", description = "HS256 secret (default: $LOGCAST_AUTH_HS256_SECRET, else the config's)")
  String secret;

  @Option(names = "--private-key", paramLabel = "FILE", description = "RS256/ES256: a PKCS#8 PEM private key")
  Path privateKey;

  @Option(names = "--kid", description = "key id for the header (a JWKS names its keys by kid)")
  String kid;

  @Option(names = "--issuer", description = "iss claim (default: the config's auth.issuer)")
  String issuer;

  @Option(names = "--audience", description = "aud claim (default: the config's first auth.audience)")
  String audience;

  @Option(names = {"-c", "--config"}, description = "gateway YAML config to take auth.* defaults from")
  Path config;

  @Override
  public Integer call() throws IOException {
    AuthConfig auth = config == null ? null : ConfigLoader.load(config, System.getenv()).auth();
    AuthConfig.Alg algorithm = alg != null ? alg : auth != null && auth.alg() != null ? auth.alg() : AuthConfig.Alg.HS256;
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("sub", subject).put("iat", now).put("exp", now + seconds(ttl));
    if (!subscribe.isEmpty()) {
      claims.put("subscribe", new JsonArray(List.copyOf(subscribe)));
    }
    if (!publish.isEmpty()) {
      claims.put("publish", new JsonArray(List.copyOf(publish)));
    }
    if (admin) {
      claims.put(auth != null ? auth.adminClaim() : AuthConfig.DEFAULT_ADMIN_CLAIM, true);
    }
    String iss = issuer != null ? issuer : auth != null ? auth.issuer() : null;
    String aud = audience != null ? audience : auth != null && !auth.audience().isEmpty() ? auth.audience().get(0) : null;
    if (iss != null) {
      claims.put("iss", iss);
    }
    if (aud != null) {
      claims.put("aud", aud);
    }
    System.out.println(algorithm == AuthConfig.Alg.HS256 ? JwtMint.hs256(secret(auth), kid, claims)
        : JwtMint.sign(algorithm.name(), JwtMint.privateKey(pem(algorithm), algorithm.name()), kid, claims));
    return 0;
  }

  private byte[] secret(AuthConfig auth) {
    String s = secret != null ? secret : System.getenv("LOGCAST_AUTH_HS256_SECRET");
    byte[] bytes = s != null ? s.getBytes(StandardCharsets.UTF_8)
        : auth != null && auth.hs256Secret() != null ? auth.hs256Secret().bytes() : null;
    if (bytes == null) {
      throw new UserError("HS256 needs a secret: --secret, $LOGCAST_AUTH_HS256_SECRET or a config with auth.hs256Secret");
    }
    if (bytes.length < MIN_SECRET_BYTES) {
      throw new UserError("the HS256 secret must be at least " + MIN_SECRET_BYTES + " bytes (the gateway refuses shorter)");
    }
    return bytes;
  }

  private String pem(AuthConfig.Alg algorithm) throws IOException {
    if (privateKey == null) {
      throw new UserError(algorithm + " needs --private-key FILE (PKCS#8 PEM)");
    }
    try {
      return Files.readString(privateKey);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new UserError(privateKey + ": no such file");
    }
  }

  /** 90s, 15m, 12h, 7d; a bare number is seconds. */
  static long seconds(String text) {
    String t = text.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      long n = Long.parseLong(t.replaceAll("[smhd]$", ""));
      Duration d = switch (t.charAt(t.length() - 1)) {
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> Duration.ofSeconds(n);
      };
      if (n <= 0) {
        throw new UserError("--ttl must be positive");
      }
      return d.toSeconds();
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new UserError("--ttl '" + text + "' is not a duration like 90s, 15m, 12h or 7d");
    }
  }
}
