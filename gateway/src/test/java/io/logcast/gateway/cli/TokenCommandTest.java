package io.logcast.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.auth.JwtVerifier;
import io.logcast.gateway.auth.KeySource;
import io.logcast.gateway.auth.Principal;
import io.logcast.gateway.config.AuthConfig.Alg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens minted by {@code logcast token} are accepted by the gateway's own verifier, with their claims. */
class TokenCommandTest {
  private static final String SECRET = "a-development-secret-of-at-least-32-bytes";

  private static StdStreams run(String... args) {
    return StdStreams.run("", () -> Main.run(args));
  }

  private static Principal verify(Alg alg, Key key, String token) throws Exception {
    return new JwtVerifier(alg, KeySource.fixed(List.of(key)), "https://issuer.test", List.of(), 0, "admin",
        System::currentTimeMillis).authenticate(token).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void hs256WithClaimsIsAcceptedByTheGateway() throws Exception {
    StdStreams r = run("token", "--sub", "alice", "--subscribe", "orders,prices/eur-*", "--publish", "chat.*",
        "--admin", "--ttl", "15m", "--secret", SECRET, "--issuer", "https://issuer.test");
    assertThat(r.exitCode()).as(r.err()).isZero();
    Principal p = verify(Alg.HS256, new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
        r.out().trim());
    assertThat(p.subject()).isEqualTo("alice");
    assertThat(p.maySubscribe("orders", null)).isTrue();
    assertThat(p.maySubscribe("prices", "eur-usd")).isTrue();
    assertThat(p.maySubscribe("prices", null)).isFalse();
    assertThat(p.mayPublish("chat.room1", null)).isTrue();
    assertThat(p.mayPublish("orders", null)).isFalse();
    assertThat(p.admin()).isTrue();
    assertThat(p.expiresAtMs() - System.currentTimeMillis()).isBetween(14 * 60_000L, 15 * 60_000L + 1_000);
  }

  @Test
  void rs256AndEs256WithAPkcs8Key(@TempDir Path dir) throws Exception {
    for (Alg alg : List.of(Alg.RS256, Alg.ES256)) {
      KeyPairGenerator g = KeyPairGenerator.getInstance(alg == Alg.RS256 ? "RSA" : "EC");
      if (alg == Alg.ES256) {
        g.initialize(new ECGenParameterSpec("secp256r1"));
      } else {
        g.initialize(2048);
      }
      KeyPair keys = g.generateKeyPair();
      Path pem = dir.resolve(alg + ".pem");
      Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
          + "\n-----END PRIVATE KEY-----\n");
      StdStreams r = run("token", "--alg", alg.name(), "--private-key", pem.toString(), "--kid", "k1", "--sub", "bob",
          "--subscribe", "orders", "--issuer", "https://issuer.test");
      assertThat(r.exitCode()).as(r.err()).isZero();
      assertThat(verify(alg, keys.getPublic(), r.out().trim()).subject()).isEqualTo("bob");
    }
  }

  @Test
  void mistakesAreOneLine(@TempDir Path dir) throws Exception {
    assertThat(run("token", "--sub", "a", "--secret", "short").err())
        .isEqualTo("logcast token: the HS256 secret must be at least 32 bytes (the gateway refuses shorter)"
            + System.lineSeparator());
    assertThat(run("token", "--sub", "a", "--secret", SECRET, "--ttl", "soon").err())
        .contains("--ttl 'soon' is not a duration");
    assertThat(run("token", "--sub", "a", "--alg", "RS256").err()).contains("RS256 needs --private-key");
    Path notPem = Files.writeString(dir.resolve("k.pem"), "hello");
    StdStreams r = run("token", "--sub", "a", "--alg", "ES256", "--private-key", notPem.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("PKCS#8 PEM");
  }

  @Test
  void ttlUnits() {
    assertThat(TokenCommand.seconds("90s")).isEqualTo(90);
    assertThat(TokenCommand.seconds("15m")).isEqualTo(900);
    assertThat(TokenCommand.seconds("2h")).isEqualTo(7_200);
    assertThat(TokenCommand.seconds("7d")).isEqualTo(604_800);
    assertThat(TokenCommand.seconds("30")).isEqualTo(30);
  }
}
