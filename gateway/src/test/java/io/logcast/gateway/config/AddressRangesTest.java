package io.logcast.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AddressRangesTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void matchesByPrefixWithinTheSameFamily() throws Exception {
    AddressRanges r = AddressRanges.parse(List.of("10.0.0.0/8", "172.16.0.0/12", "192.0.2.7", "fd00::/8"));
    assertThat(r.contains(ip("10.255.1.2"))).isTrue();
    assertThat(r.contains(ip("11.0.0.1"))).isFalse();
    assertThat(r.contains(ip("172.31.255.255"))).isTrue();
    assertThat(r.contains(ip("172.32.0.0"))).isFalse();
    assertThat(r.contains(ip("192.0.2.7"))).isTrue();
    assertThat(r.contains(ip("192.0.2.8"))).isFalse();
    assertThat(r.contains(ip("fd12::1"))).isTrue();
    assertThat(r.contains(ip("fe80::1"))).isFalse();
    // an IPv4-mapped IPv6 address is an IPv4 address to the JDK
    assertThat(r.contains(ip("::ffff:10.1.1.1"))).isTrue();
  }

  @Test
  void thePrivateDefaultsHoldLoopbackAndTheRfc1918Ranges() throws Exception {
    AddressRanges r = AddressRanges.parse(AddressRanges.PRIVATE);
    assertThat(r.contains(ip("127.0.0.2"))).isTrue();
    assertThat(r.contains(ip("::1"))).isTrue();
    assertThat(r.contains(ip("192.168.1.1"))).isTrue();
    assertThat(r.contains(ip("8.8.8.8"))).isFalse();
    assertThat(r.contains(ip("2001:db8::1"))).isFalse();
  }

  @Test
  void onlyLiteralAddressesAreAccepted() {
    for (String bad : List.of("example.com", "a.b.c.d", "10", "1.2.3", "10.0.0.0/33", "::/129", "10.0.0.0/x", "")) {
      assertThatThrownBy(() -> AddressRanges.parse(List.of(bad))).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(AddressRanges.parse(List.of("0.0.0.0/0")).toString()).isEqualTo("0.0.0.0/0");
  }

  @Test
  void theLoaderDefaultsToThePrivateRangesAndReadsNoneAsNothing() throws Exception {
    Map<String, String> base = Map.of("kafka.bootstrapServers", "b:1", "topics.allow", "x", "auth.mode", "none");
    EdgeConfig defaults = ConfigLoader.fromMap(base, Map.of()).limits().edge();
    assertThat(defaults.perAddressExempt().contains(ip("10.1.2.3"))).isTrue();
    assertThat(defaults.requestHeaderTimeoutMs()).isEqualTo(EdgeConfig.DEFAULT_REQUEST_HEADER_TIMEOUT_MS);
    assertThat(defaults.httpIdleTimeoutMs()).isEqualTo(EdgeConfig.DEFAULT_HTTP_IDLE_TIMEOUT_MS);
    assertThat(defaults.maxPendingPerAddress()).isEqualTo(EdgeConfig.DEFAULT_MAX_PENDING_PER_ADDRESS);

    var none = new java.util.HashMap<>(base);
    none.put("limits.perAddressExempt", "none");
    assertThat(ConfigLoader.fromMap(none, Map.of()).limits().edge().perAddressExempt().isEmpty()).isTrue();

    var bad = new java.util.HashMap<>(base);
    bad.put("limits.perAddressExempt", "10.0.0.0/8, proxy.internal");
    assertThatThrownBy(() -> ConfigLoader.fromMap(bad, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("limits.perAddressExempt");
  }
}
