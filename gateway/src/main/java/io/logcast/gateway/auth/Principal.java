package io.logcast.gateway.auth;

/**
 * Who a connection or request acts as, from a verified token: {@code sub}, what it may subscribe
 * to and publish to, whether it may use the admin API, and when its token expires. Holds no token.
 */
public record Principal(String subject, AclPatterns subscribe, AclPatterns publish, boolean admin, long expiresAtMs) {
  public static final String ANONYMOUS_SUBJECT = "anonymous";
  public static final long NEVER = Long.MAX_VALUE;

  /** {@code auth.mode: none}: one principal for everybody, allowed everything the gateway exposes. */
  public static final Principal ANONYMOUS =
      new Principal(ANONYMOUS_SUBJECT, AclPatterns.ALL, AclPatterns.ALL, false, NEVER);

  public boolean maySubscribe(String topic, String key) {
    return subscribe.allows(topic, key);
  }

  public boolean mayPublish(String topic, String key) {
    return publish.allows(topic, key);
  }

  public boolean expires() {
    return expiresAtMs != NEVER;
  }
}
