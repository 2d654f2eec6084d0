package io.logcast.gateway.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which web origins may open a WebSocket, checked on the upgrade request. Entries are exact origins
 * ({@code https://app.example.com}, {@code http://localhost:3000}), explicit wildcard subdomains
 * ({@code https://*.example.com}: any host under example.com, never example.com itself) or
 * {@code *} (any Origin). Origins are compared parsed and normalised (case, default port), never
 * as prefixes or substrings, so {@code https://evil-example.com} and
 * {@code https://example.com.evil.io} match nothing above.
 */
public final class OriginPolicy {
  private static final Pattern ORIGIN = Pattern.compile(
      "(https?)://(\\*\\.)?([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\\[[0-9a-f:.]+\\])"
          + "(?::([0-9]{1,5}))?", Pattern.CASE_INSENSITIVE);

  /** Every Origin, and requests without one: {@code auth.mode: none} without {@code auth.origins}. */
  public static final OriginPolicy OPEN = new OriginPolicy(false, false, true, Set.of(), List.of());

  private record Wildcard(String scheme, String domain, int port) {}

  private record Origin(String scheme, String host, int port) {
    String canonical() {
      return scheme + "://" + host + (port == defaultPort(scheme) ? "" : ":" + port);
    }
  }

  private final boolean checked;
  private final boolean any;
  private final boolean allowMissing;
  private final Set<String> exact;
  private final List<Wildcard> wildcards;

  private OriginPolicy(boolean checked, boolean any, boolean allowMissing, Set<String> exact,
      List<Wildcard> wildcards) {
    this.checked = checked;
    this.any = any;
    this.allowMissing = allowMissing;
    this.exact = Set.copyOf(exact);
    this.wildcards = List.copyOf(wildcards);
  }

  /**
   * {@code auth.origins} as configured; with {@code auth.mode: none} and no origins listed the
   * Origin is not checked at all (dev mode). JWT mode requires origins or allowMissingOrigin.
   */
  public static OriginPolicy forConfig(AuthConfig auth) {
    return auth.origins().isEmpty() && auth.mode() != AuthConfig.Mode.JWT ? OPEN
        : of(auth.origins(), auth.allowMissingOrigin());
  }

  /** @throws IllegalArgumentException for an entry {@link #problem} refuses */
  public static OriginPolicy of(List<String> entries, boolean allowMissing) {
    boolean any = false;
    Set<String> exact = new HashSet<>();
    List<Wildcard> wildcards = new ArrayList<>();
    for (String e : entries) {
      String p = problem(e);
      if (p != null) {
        throw new IllegalArgumentException(p);
      }
      if (e.equals("*")) {
        any = true;
        continue;
      }
      Matcher m = ORIGIN.matcher(e);
      m.matches();
      Origin o = origin(m);
      if (m.group(2) != null) {
        wildcards.add(new Wildcard(o.scheme, o.host, o.port));
      } else {
        exact.add(o.canonical());
      }
    }
    return new OriginPolicy(true, any, allowMissing, exact, wildcards);
  }

  /** Null when {@code entry} is a valid origin pattern, else what is wrong with it. */
  public static String problem(String entry) {
    if (entry.equals("*")) {
      return null;
    }
    Matcher m = ORIGIN.matcher(entry);
    if (!m.matches()) {
      return "'" + entry + "' is not an origin: scheme://host[:port] (http or https, no path), "
          + "scheme://*.domain for its subdomains, or *";
    }
    if (m.group(2) != null && m.group(3).startsWith("[")) {
      return "'" + entry + "': a wildcard needs a domain name";
    }
    int port = m.group(4) == null ? 0 : Integer.parseInt(m.group(4));
    if (port > 65_535) {
      return "'" + entry + "': port out of range";
    }
    return null;
  }

  /** @param header the request's Origin header, null when absent */
  public boolean allows(String header) {
    if (!checked) {
      return true;
    }
    if (header == null || header.isEmpty()) {
      return allowMissing;
    }
    if (any) {
      return true;
    }
    Matcher m = ORIGIN.matcher(header);
    if (!m.matches() || m.group(2) != null || (m.group(4) != null && Integer.parseInt(m.group(4)) > 65_535)) {
      return false; // "null" (sandboxed frames, file:), paths, wildcards: never an allowed origin
    }
    Origin o = origin(m);
    if (exact.contains(o.canonical())) {
      return true;
    }
    for (Wildcard w : wildcards) {
      // a strict subdomain: host ends with ".domain" and has at least one more label before it
      if (w.scheme.equals(o.scheme) && w.port == o.port && o.host.endsWith("." + w.domain)) {
        return true;
      }
    }
    return false;
  }

  private static Origin origin(Matcher m) {
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    int port = m.group(4) == null ? defaultPort(scheme) : Integer.parseInt(m.group(4));
    return new Origin(scheme, m.group(3).toLowerCase(Locale.ROOT), port);
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }
}
