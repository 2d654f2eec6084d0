package io.logcast.gateway.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.config.AddressRanges;
import io.logcast.gateway.metrics.LimitKind;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class AddressLimitsTest {
  private static final long MS = 1_000_000L;
  private final long t0 = System.nanoTime();

  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void pendingSocketsOfOneAddressAreCappedAndRefusedOnesCountUntilTheyClose() throws Exception {
    AddressLimits limits = new AddressLimits(2, 0, AddressRanges.NONE);
    InetAddress a = limits.key(ip("203.0.113.5"));
    InetAddress b = limits.key(ip("203.0.113.6"));
    assertThat(limits.arrive(a, t0)).isNull();
    assertThat(limits.arrive(a, t0)).isNull();
    assertThat(limits.arrive(a, t0)).isEqualTo(LimitKind.PENDING_PER_ADDRESS);
    assertThat(limits.arrive(b, t0)).as("another address").isNull();
    limits.settle(a, t0); // the refused one closes
    assertThat(limits.arrive(a, t0)).as("still two pending").isEqualTo(LimitKind.PENDING_PER_ADDRESS);
    limits.settle(a, t0);
    limits.settle(a, t0); // one says hello
    assertThat(limits.pending(a)).isEqualTo(1);
    assertThat(limits.arrive(a, t0)).isNull();
  }

  @Test
  void connectsOfOneAddressAreRateLimitedWithABurstOfOneSecond() throws Exception {
    AddressLimits limits = new AddressLimits(0, 2, AddressRanges.NONE);
    InetAddress a = limits.key(ip("203.0.113.5"));
    assertThat(limits.arrive(a, t0)).isNull();
    assertThat(limits.arrive(a, t0)).isNull();
    assertThat(limits.arrive(a, t0)).isEqualTo(LimitKind.CONNECT_RATE_PER_ADDRESS);
    assertThat(limits.arrive(limits.key(ip("203.0.113.9")), t0)).isNull();
    assertThat(limits.arrive(a, t0 + 500 * MS)).as("a token a half second").isNull();
    assertThat(limits.arrive(a, t0 + 500 * MS)).isEqualTo(LimitKind.CONNECT_RATE_PER_ADDRESS);
  }

  @Test
  void exemptAddressesAndTurnedOffLimitsAreNotTracked() throws Exception {
    AddressLimits limits = new AddressLimits(1, 1, AddressRanges.parse(AddressRanges.PRIVATE));
    assertThat(limits.key(ip("10.1.2.3"))).isNull();
    assertThat(limits.key(ip("127.0.0.1"))).isNull();
    assertThat(limits.key(ip("198.51.100.1"))).isNotNull();
    assertThat(new AddressLimits(0, 0, AddressRanges.NONE).key(ip("198.51.100.1"))).isNull();
  }

  @Test
  void ipv6AddressesCountByTheirSlash64() throws Exception {
    AddressLimits limits = new AddressLimits(1, 0, AddressRanges.NONE);
    assertThat(limits.key(ip("2001:db8::1"))).isEqualTo(limits.key(ip("2001:db8::ffff:2")));
    assertThat(limits.key(ip("2001:db8::1"))).isNotEqualTo(limits.key(ip("2001:db8:0:1::1")));
    assertThat(limits.arrive(limits.key(ip("2001:db8::1")), t0)).isNull();
    assertThat(limits.arrive(limits.key(ip("2001:db8::2")), t0)).isEqualTo(LimitKind.PENDING_PER_ADDRESS);
  }

  @Test
  void anAddressIsForgottenOnceNothingIsPendingAndItsBucketIsFull() throws Exception {
    AddressLimits countOnly = new AddressLimits(5, 0, AddressRanges.NONE);
    InetAddress a = countOnly.key(ip("203.0.113.5"));
    countOnly.arrive(a, t0);
    countOnly.settle(a, t0);
    assertThat(countOnly.size()).isZero();

    AddressLimits rated = new AddressLimits(5, 10, AddressRanges.NONE);
    rated.arrive(a, t0);
    rated.settle(a, t0 + 10 * MS);
    assertThat(rated.size()).as("its bucket still refills: the rate remembers it").isEqualTo(1);
    rated.arrive(rated.key(ip("203.0.113.6")), t0 + 2_000 * MS); // the sweep runs at most once a second
    assertThat(rated.size()).isEqualTo(1);
    assertThat(rated.pending(a)).isZero();
  }
}
