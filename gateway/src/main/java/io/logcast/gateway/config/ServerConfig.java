package io.logcast.gateway.config;

/**
 * Listeners.
 *
 * @param eventLoops event-loop threads, one Hub shard each
 * @param managementPort metrics and health; 0 picks a free port
 * @param perMessageDeflate offer permessage-deflate (RFC 7692); inflated messages stay bounded by
 *     limits.maxMessageBytes
 */
public record ServerConfig(
    String host, int port, String wsPath, int eventLoops, String managementHost, int managementPort,
    boolean perMessageDeflate) {
  public static final String DEFAULT_HOST = "0.0.0.0";
  public static final int DEFAULT_PORT = 8080;
  public static final String DEFAULT_WS_PATH = "/ws";
  public static final int DEFAULT_MANAGEMENT_PORT = 9090;
}
