package io.logcast.gateway.config;

import java.util.List;

/** Reads the public port's socket bounds ({@code limits.*} keys of {@link EdgeConfig}). */
final class EdgeConfigReader {
  /** The value of {@code limits.perAddressExempt} that exempts nothing (an empty value means the default). */
  static final String NO_EXEMPTION = "none";
  private static final long MAX_TIMEOUT_MS = 3_600_000;

  private EdgeConfigReader() {}

  static EdgeConfig read(Settings s) {
    return new EdgeConfig(
        s.number("limits.requestHeaderTimeoutMs", EdgeConfig.DEFAULT_REQUEST_HEADER_TIMEOUT_MS, 100, MAX_TIMEOUT_MS),
        s.number("limits.requestBodyTimeoutMs", EdgeConfig.DEFAULT_REQUEST_BODY_TIMEOUT_MS, 100, MAX_TIMEOUT_MS),
        s.number("limits.httpIdleTimeoutMs", EdgeConfig.DEFAULT_HTTP_IDLE_TIMEOUT_MS, 100, MAX_TIMEOUT_MS),
        s.integer("limits.maxPendingPerAddress", EdgeConfig.DEFAULT_MAX_PENDING_PER_ADDRESS, 0, 1_000_000),
        s.integer("limits.maxConnectsPerSecondPerAddress", EdgeConfig.DEFAULT_MAX_CONNECTS_PER_SECOND_PER_ADDRESS,
            0, 1_000_000),
        exempt(s));
  }

  private static AddressRanges exempt(Settings s) {
    String key = "limits.perAddressExempt";
    List<String> listed = s.list(key);
    if (listed.isEmpty()) {
      s.string(key, String.join(",", AddressRanges.PRIVATE)); // shown as the effective value
      return AddressRanges.parse(AddressRanges.PRIVATE);
    }
    if (listed.equals(List.of(NO_EXEMPTION))) {
      return AddressRanges.NONE;
    }
    try {
      return AddressRanges.parse(listed);
    } catch (IllegalArgumentException e) {
      s.problem(key + ": " + e.getMessage());
      return AddressRanges.NONE;
    }
  }
}
