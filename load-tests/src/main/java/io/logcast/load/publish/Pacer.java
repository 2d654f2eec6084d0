package io.logcast.load.publish;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes at a fixed rate on its own thread, bounded by time and by count. Sends are scheduled
 * against the start time (no coordinated omission on our side): when a send blocks, the ones due
 * meanwhile go out right after it, each stamped when it is actually sent, and the lag is reported.
 */
public final class Pacer implements AutoCloseable {
  private final Publisher publisher;
  private final Payloads payloads;
  private final double perSecond;
  private final long maxMessages;
  private final long durationNanos;
  private final AtomicLong sent = new AtomicLong();
  private final Thread thread;
  private volatile boolean stop;
  private volatile long maxLagNanos;

  private Pacer(Publisher publisher, Payloads payloads, double perSecond, Duration duration, long maxMessages) {
    this.publisher = publisher;
    this.payloads = payloads;
    this.perSecond = perSecond;
    this.durationNanos = duration.toNanos();
    this.maxMessages = maxMessages;
    this.thread = new Thread(this::run, "load-pacer");
    thread.setDaemon(true);
  }

  public static Pacer start(Publisher publisher, Payloads payloads, double perSecond, Duration duration,
      long maxMessages) {
    Pacer p = new Pacer(publisher, payloads, perSecond, duration, maxMessages);
    p.thread.start();
    return p;
  }

  private void run() {
    long t0 = System.nanoTime();
    long end = t0 + durationNanos;
    long seq = 0;
    while (!stop && seq < maxMessages) {
      long now = System.nanoTime();
      if (now - end >= 0) {
        break;
      }
      long lag = now - t0 - (long) (seq / perSecond * 1e9);
      if (lag < 0) {
        // asleep until the next send is due: a polling loop would take a core's share from the
        // systems under test on this 2-core box
        LockSupport.parkNanos(Math.min(-lag, end - now));
        continue;
      }
      if (lag > maxLagNanos) {
        maxLagNanos = lag;
      }
      long stamp = System.nanoTime();
      publisher.publish(seq, stamp, payloads.utf8(seq, stamp));
      seq++;
      sent.set(seq);
    }
  }

  public long sent() {
    return sent.get();
  }

  /** How far behind schedule the worst send went out: large values mean the publish path is the bottleneck. */
  public Duration maxLag() {
    return Duration.ofNanos(maxLagNanos);
  }

  /** Waits until the pacer has finished its time or count. */
  public void await() throws InterruptedException {
    thread.join();
  }

  @Override
  public void close() {
    stop = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
