package io.logcast.gateway.ws;

import io.logcast.gateway.config.EdgeConfig;
import io.logcast.gateway.config.LimitsConfig;
import io.logcast.gateway.metrics.LimitKind;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether a socket of the public port may stay, and a new WebSocket be upgraded: every socket
 * counts against limits.maxConnections from its accept (a request not yet sent holds a file
 * descriptor as surely as a WebSocket does), and against its address's limits while it is pending
 * (see {@link AddressLimits}); upgrades are refused while draining or past the connect rate.
 */
public final class Admission {
  /** Sockets past maxConnections are kept only to be told why, and only this many more. */
  private static final int MIN_ANSWER_ROOM = 100;

  private final AtomicInteger sockets = new AtomicInteger();
  private final int maxConnections;
  private final int ceiling;
  private final TokenBucket connects;
  private final AddressLimits addresses;
  private volatile boolean draining;

  public Admission(LimitsConfig limits) {
    this(limits.maxConnections(), limits.maxConnectsPerSecond(), limits.edge());
  }

  public Admission(int maxConnections, int connectsPerSecond, EdgeConfig edge) {
    this.maxConnections = maxConnections;
    this.ceiling = maxConnections + Math.max(MIN_ANSWER_ROOM, maxConnections / 10);
    this.connects = new TokenBucket(connectsPerSecond, connectsPerSecond);
    this.addresses = new AddressLimits(edge.maxPendingPerAddress(), edge.maxConnectsPerSecondPerAddress(),
        edge.perAddressExempt());
  }

  /** A socket just accepted; it counts until {@link Arrival#leave()}. */
  public Arrival arrive(InetAddress peer) {
    int open = sockets.incrementAndGet();
    InetAddress key = addresses.key(peer);
    LimitKind byAddress = key == null ? null : addresses.arrive(key, System.nanoTime());
    LimitKind refused = open > maxConnections ? LimitKind.CONNECTIONS : byAddress;
    return new Arrival(key, refused, open > ceiling);
  }

  /** Null if a new WebSocket may be upgraded now, else the limit that refuses it. */
  public LimitKind admit() {
    return connects.tryTake() ? null : LimitKind.CONNECT_RATE;
  }

  /** Sockets of the public port open now, in any state. */
  public int sockets() {
    return sockets.get();
  }

  public boolean draining() {
    return draining;
  }

  public void draining(boolean value) {
    draining = value;
  }

  /** One accepted socket's place in the counts; used on its event loop only. */
  public final class Arrival implements HttpDeadlines.Activity {
    private final InetAddress key;
    private final LimitKind refused;
    private final boolean dropAtOnce;
    /** Counted among its address's pending sockets; it is from the accept. */
    private boolean pending = true;
    private boolean left;

    private Arrival(InetAddress key, LimitKind refused, boolean dropAtOnce) {
      this.key = key;
      this.refused = refused;
      this.dropAtOnce = dropAtOnce;
    }

    /** Null, or the limit the socket is refused by (answered at its first request, then closed). */
    public LimitKind refused() {
      return refused;
    }

    /** Past even the room kept for answers: closed without one. */
    public boolean dropAtOnce() {
      return dropAtOnce;
    }

    /** Busy (a request being handled, a stream) or past its hello: not pending for its address. */
    @Override
    public void busy() {
      if (pending && !left) {
        pending = false;
        if (key != null) {
          addresses.settle(key, System.nanoTime());
        }
      }
    }

    /** Pending again: idle after a request, or upgraded and waiting for its hello. */
    @Override
    public void waiting() {
      if (!pending && !left) {
        pending = true;
        if (key != null) {
          addresses.pend(key, System.nanoTime());
        }
      }
    }

    /** The socket is closed. */
    public void leave() {
      if (!left) {
        busy();
        left = true;
        sockets.decrementAndGet();
      }
    }
  }
}
