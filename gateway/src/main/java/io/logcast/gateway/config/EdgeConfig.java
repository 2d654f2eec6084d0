package io.logcast.gateway.config;

/**
 * How long a socket of the public port may take before it is a WebSocket past its hello, and how
 * many such sockets one source address may hold or open: {@code limits.*}, see
 * docs/configuration.md ("Limits") and docs/security.md ("Slow and half-open clients").
 *
 * @param requestHeaderTimeoutMs from the first byte of a request (or the accept) to its last header
 * @param requestBodyTimeoutMs from the last header to the end of the body
 * @param httpIdleTimeoutMs a keep-alive connection with no request in flight
 * @param maxPendingPerAddress sockets of one address not yet past their hello; 0: no limit
 * @param maxConnectsPerSecondPerAddress new sockets per second of one address; 0: no limit
 * @param perAddressExempt addresses the two per-address limits do not apply to (a proxy's)
 */
public record EdgeConfig(
    long requestHeaderTimeoutMs,
    long requestBodyTimeoutMs,
    long httpIdleTimeoutMs,
    int maxPendingPerAddress,
    int maxConnectsPerSecondPerAddress,
    AddressRanges perAddressExempt) {
  /** A browser or an HTTP library sends its request line and headers in one write; 10 s covers a bad mobile link. */
  public static final long DEFAULT_REQUEST_HEADER_TIMEOUT_MS = 10_000;
  /** 1 MiB (limits.maxHttpBodyBytes) at 35 KB/s. */
  public static final long DEFAULT_REQUEST_BODY_TIMEOUT_MS = 30_000;
  /** Above the usual client pools' 30–55 s keep-alive, so the client, not the server, closes first. */
  public static final long DEFAULT_HTTP_IDLE_TIMEOUT_MS = 60_000;
  /** A NAT of many browsers connects a few at a time; a hundred waiting at once from one address is a flood. */
  public static final int DEFAULT_MAX_PENDING_PER_ADDRESS = 100;
  /** Burst: one second's worth. */
  public static final int DEFAULT_MAX_CONNECTS_PER_SECOND_PER_ADDRESS = 50;
}
