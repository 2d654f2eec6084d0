package io.logcast.load.measure;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The live progress line: once a second it samples the latencies and rewrites one stderr line
 * with the phase, clients, deliveries/s and that second's p99.
 */
public final class Progress implements AutoCloseable {
  private final Thread thread;
  private volatile boolean stop;
  private volatile String phase = "start";

  public Progress(Latencies latencies, Supplier<String> extra) {
    long t0 = System.nanoTime();
    this.thread = new Thread(() -> {
      while (!stop) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        Latencies.Point p = latencies.tick();
        System.err.printf(Locale.ROOT, "\r[%4.0fs] %-10s %,9d deliveries/s  p99 %7.2f ms  %s   ",
            (System.nanoTime() - t0) / 1e9, phase, p.deliveries(), p.p99Micros() / 1000.0, extra.get());
      }
    }, "load-progress");
    thread.setDaemon(true);
    thread.start();
  }

  public void phase(String name) {
    this.phase = name;
    System.err.println();
  }

  @Override
  public void close() {
    stop = true;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.err.println();
  }
}
