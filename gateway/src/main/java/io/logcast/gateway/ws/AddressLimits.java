package io.logcast.gateway.ws;

import io.logcast.gateway.config.AddressRanges;
import io.logcast.gateway.metrics.LimitKind;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per source address: how many of its sockets are pending (doing nothing useful yet: waiting for
 * or reading a request, idle between requests, a WebSocket before its first message) and how fast
 * it opens new ones. Shared by every event loop; an address's entry
 * lives while it has pending sockets or its connect bucket is refilling. IPv6 addresses count by
 * /64, the block one subscriber is usually given.
 */
public final class AddressLimits {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private static final class Entry {
    int pending;
    double tokens;
    long lastNanos;
  }

  private final ConcurrentHashMap<InetAddress, Entry> table = new ConcurrentHashMap<>();
  private final int maxPending;
  private final int perSecond;
  private final AddressRanges exempt;
  private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

  /** {@code maxPending}, {@code perSecond}: 0 turns that limit off. */
  public AddressLimits(int maxPending, int perSecond, AddressRanges exempt) {
    this.maxPending = maxPending;
    this.perSecond = perSecond;
    this.exempt = exempt;
  }

  /** The key {@code address} is counted under, or null when no per-address limit applies to it. */
  public InetAddress key(InetAddress address) {
    if ((maxPending == 0 && perSecond == 0) || address == null || exempt.contains(address)) {
      return null;
    }
    if (address instanceof Inet6Address) {
      byte[] prefix = address.getAddress();
      java.util.Arrays.fill(prefix, 8, 16, (byte) 0);
      try {
        return InetAddress.getByAddress(prefix);
      } catch (UnknownHostException e) {
        throw new IllegalStateException(e);
      }
    }
    return address;
  }

  /**
   * A new socket of {@code key}: counted as pending whatever the answer (it holds a descriptor
   * until {@link #settle}), and null, or the limit that refuses it.
   */
  public LimitKind arrive(InetAddress key, long nowNanos) {
    LimitKind[] refused = new LimitKind[1];
    table.compute(key, (k, e) -> {
      if (e == null) {
        e = new Entry();
        e.tokens = perSecond;
        e.lastNanos = nowNanos;
      }
      e.pending++;
      if (perSecond > 0) {
        e.tokens = Math.min(perSecond, e.tokens + (nowNanos - e.lastNanos) * (double) perSecond / NANOS_PER_SECOND);
        e.lastNanos = nowNanos;
        if (e.tokens >= 1) {
          e.tokens -= 1;
        } else {
          refused[0] = LimitKind.CONNECT_RATE_PER_ADDRESS;
        }
      }
      if (refused[0] == null && maxPending > 0 && e.pending > maxPending) {
        refused[0] = LimitKind.PENDING_PER_ADDRESS;
      }
      return e;
    });
    sweepEverySecond(nowNanos);
    return refused[0];
  }

  /** A socket of {@code key} is pending again (idle after a request, or upgraded and not yet past hello); no limit is checked. */
  public void pend(InetAddress key, long nowNanos) {
    table.compute(key, (k, e) -> {
      if (e == null) {
        e = new Entry();
        e.tokens = perSecond;
        e.lastNanos = nowNanos;
      }
      e.pending++;
      return e;
    });
  }

  /** One socket of {@code key} is no longer pending: it is busy with a request, said hello, or is gone. */
  public void settle(InetAddress key, long nowNanos) {
    table.computeIfPresent(key, (k, e) -> {
      e.pending--;
      return e.pending <= 0 && refilled(e, nowNanos) ? null : e;
    });
  }

  /** Addresses tracked now. */
  public int size() {
    return table.size();
  }

  /** Pending sockets of {@code key} now. */
  public int pending(InetAddress key) {
    Entry e = table.get(key);
    return e == null ? 0 : e.pending;
  }

  /** Drops the entries of addresses with nothing pending whose bucket is full again; at most once a second. */
  private void sweepEverySecond(long nowNanos) {
    long last = lastSweep.get();
    if (nowNanos - last < NANOS_PER_SECOND || !lastSweep.compareAndSet(last, nowNanos)) {
      return;
    }
    table.forEach((k, e) -> table.computeIfPresent(k, (k2, v) -> v.pending <= 0 && refilled(v, nowNanos) ? null : v));
  }

  private boolean refilled(Entry e, long nowNanos) {
    return perSecond == 0 || e.tokens + (nowNanos - e.lastNanos) * (double) perSecond / NANOS_PER_SECOND >= perSecond;
  }
}
