package io.logcast.gateway.auth;

import io.logcast.gateway.config.AuthConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the instance's {@link Authenticator} from its configuration, with its meters. */
public final class Authenticators {
  private static final Logger LOG = LoggerFactory.getLogger(Authenticators.class);
  private static final String BANNER = "*".repeat(100);

  private Authenticators() {}

  public static Authenticator create(AuthConfig cfg, MeterRegistry registry, AuthMeters meters) {
    if (cfg.mode() != AuthConfig.Mode.JWT) {
      LOG.warn("\n{}\n*** AUTHENTICATION IS DISABLED (auth.mode: none): every client may subscribe and publish to every"
          + "\n*** exposed topic{}. Use this only in development or on a trusted network.\n{}", BANNER,
          cfg.adminKey() == null ? ", and use the admin API" : "", BANNER);
      return Authenticator.NONE;
    }
    KeySource keys;
    String source;
    if (cfg.alg() == AuthConfig.Alg.HS256) {
      keys = KeySource.fixed(List.of(new SecretKeySpec(cfg.hs256Secret().bytes(), "HmacSHA256")));
      source = "auth.hs256Secret";
    } else if (cfg.jwksUrl() != null) {
      source = JwksHttp.redact(cfg.jwksUrl());
      Jwks jwks = new Jwks(cfg.alg(), new JwksHttp(cfg.jwksUrl()), cfg.jwksMaxAgeSeconds() * 1_000,
          cfg.jwksRefreshCooldownSeconds() * 1_000, System::currentTimeMillis, source);
      FunctionCounter.builder("logcast.auth.jwks.fetches", jwks, Jwks::fetches)
          .description("JWKS documents requested (start-up, refresh ahead, unknown kid)").register(registry);
      jwks.prefetch();
      keys = jwks;
    } else {
      keys = KeySource.fixed(cfg.publicKeys());
      source = cfg.publicKeys().size() + " PEM key(s)";
    }
    if (cfg.alg() != AuthConfig.Alg.HS256 && cfg.audience().isEmpty()) {
      // with public keys the issuer is usually an IdP that also signs tokens for other apps: without
      // an audience check their tokens (admin claim included) are accepted here too
      LOG.warn("\n{}\n*** auth.audience is not set: any token signed by these keys is accepted, including tokens the"
          + "\n*** identity provider issued for other applications. Set auth.audience to this gateway's audience.\n{}",
          BANNER, BANNER);
    }
    if (cfg.queryParamToken()) {
      LOG.warn("auth.queryParamToken is on: tokens in URLs can end up in proxy and load-balancer access logs; "
          + "the gateway itself never logs request URIs");
    }
    LOG.info("authentication: JWT {} with keys from {}{}{}", cfg.alg(), source,
        cfg.issuer() == null ? "" : ", issuer checked", cfg.audience().isEmpty() ? "" : ", audience checked");
    return counting(new JwtVerifier(cfg.alg(), keys, cfg.issuer(), cfg.audience(), cfg.clockSkewSeconds() * 1_000,
        cfg.adminClaim(), System::currentTimeMillis), meters);
  }

  /** Counts refusals by class (a bounded tag set), never by token or subject. */
  private static Authenticator counting(Authenticator inner, AuthMeters meters) {
    return new Authenticator() {
      @Override
      public CompletionStage<Principal> authenticate(String token) {
        CompletableFuture<Principal> out = new CompletableFuture<>();
        inner.authenticate(token).whenComplete((p, e) -> {
          if (e == null) {
            out.complete(p);
            return;
          }
          Throwable cause = AuthException.unwrap(e);
          if (cause instanceof AuthException ae) {
            meters.failed(ae.failure());
          }
          out.completeExceptionally(cause);
        });
        return out;
      }

      @Override
      public boolean enabled() {
        return true;
      }
    };
  }
}
