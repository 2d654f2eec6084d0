package io.logcast.gateway.auth;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.vertx.core.MultiMap;
import java.util.List;

/**
 * Where a token may come from besides {@code hello.token}: an {@code Authorization: Bearer}
 * header on the upgrade request (non-browser clients), or — only when {@code auth.queryParamToken}
 * is on — an {@code access_token} query parameter (browsers cannot set headers on a WebSocket).
 */
public final class TokenSource {
  public static final String AUTHORIZATION = "Authorization";
  public static final String QUERY_PARAMETER = "access_token";
  private static final String BEARER = "Bearer ";

  private TokenSource() {}

  /** The token of an {@code Authorization: Bearer <token>} value, or null. The scheme is case-insensitive. */
  public static String bearer(String authorization) {
    if (authorization == null) {
      return null;
    }
    String v = authorization.trim();
    if (v.length() <= BEARER.length() || !v.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return null;
    }
    String token = v.substring(BEARER.length()).trim();
    return token.isEmpty() ? null : token;
  }

  /** The {@code access_token} parameter of a raw query string, or null. */
  public static String queryParameter(String query) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    List<String> values = new QueryStringDecoder(query, false).parameters().get(QUERY_PARAMETER);
    return values == null || values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
  }

  /** The upgrade request's token: the header first, then the query parameter when enabled. */
  public static String fromUpgrade(MultiMap headers, String query, boolean queryEnabled) {
    String token = headers == null ? null : bearer(headers.get(AUTHORIZATION));
    return token != null || !queryEnabled ? token : queryParameter(query);
  }
}
