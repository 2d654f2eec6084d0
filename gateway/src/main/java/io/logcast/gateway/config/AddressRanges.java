package io.logcast.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * A list of address ranges in CIDR notation ({@code 10.0.0.0/8}, {@code fc00::/7}; a bare address
 * is one address). Only literal addresses: a host name here would mean a DNS look-up at start.
 */
public final class AddressRanges {
  /** Never counted per address by default: loopback and the private ranges a proxy or load balancer sits in. */
  public static final List<String> PRIVATE = List.of(
      "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7");
  public static final AddressRanges NONE = new AddressRanges(List.of(), List.of());

  private final List<byte[]> networks;
  private final List<Integer> prefixes;

  private AddressRanges(List<byte[]> networks, List<Integer> prefixes) {
    this.networks = networks;
    this.prefixes = prefixes;
  }

  /** @throws IllegalArgumentException naming the first range that is not a literal CIDR */
  public static AddressRanges parse(List<String> ranges) {
    List<byte[]> networks = new ArrayList<>();
    List<Integer> prefixes = new ArrayList<>();
    for (String range : ranges) {
      int slash = range.indexOf('/');
      String host = slash < 0 ? range : range.substring(0, slash);
      byte[] bytes = literal(host);
      if (bytes == null) {
        throw new IllegalArgumentException("'" + range + "' is not an IP address or CIDR range");
      }
      int bits = bytes.length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(range.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException("'" + range + "' has a prefix length outside 0.." + bits);
        }
      }
      networks.add(bytes);
      prefixes.add(prefix);
    }
    return new AddressRanges(List.copyOf(networks), List.copyOf(prefixes));
  }

  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    for (int i = 0; i < networks.size(); i++) {
      if (matches(networks.get(i), prefixes.get(i), a)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return networks.isEmpty();
  }

  private static boolean matches(byte[] network, int prefix, byte[] a) {
    if (network.length != a.length) {
      return false; // an IPv4 range never holds an IPv6 address (the JDK unwraps IPv4-mapped ones)
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (network[i] != a[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (network[full] & mask) == (a[full] & mask);
  }

  /** The address's bytes, or null unless {@code host} is a literal IPv4 or IPv6 address. */
  private static byte[] literal(String host) {
    if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
      return null;
    }
    if (host.indexOf(':') < 0
        && (!host.chars().allMatch(c -> Character.isDigit(c) || c == '.') || host.chars().filter(c -> c == '.').count() != 3)) {
      return null; // "10" or "1.2" would be read as numbers, and "a.b.c.d" looked up as a name
    }
    try {
      return InetAddress.getByName(host).getAddress(); // a literal: no look-up
    } catch (UnknownHostException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < networks.size(); i++) {
      try {
        out.add(InetAddress.getByAddress(networks.get(i)).getHostAddress() + "/" + prefixes.get(i));
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return String.join(",", out);
  }
}
