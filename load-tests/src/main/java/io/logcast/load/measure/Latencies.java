package io.logcast.load.measure;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Delivery latencies in microseconds: recorded from the event loops into an HdrHistogram
 * {@link Recorder}, sampled once a second into a per-second series and, while measuring, into
 * the run's total histogram.
 */
public final class Latencies {
  private static final int SIGNIFICANT_DIGITS = 3;

  /** One second of the run: when (s since measuring began), deliveries in it, its p99 in µs. */
  public record Point(double atSeconds, long deliveries, long p99Micros) {}

  private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
  private final Histogram total = new Histogram(SIGNIFICANT_DIGITS);
  private final List<Point> series = new ArrayList<>();
  private Histogram interval;
  private long measuringSinceNanos = -1;
  private long lastTickNanos = System.nanoTime();
  private Point last = new Point(0, 0, 0);

  /** Thread-safe; called per delivery. */
  public void record(long micros) {
    recorder.recordValue(Math.max(0, micros));
  }

  /** Starts the measured window: what was recorded before (warm-up) is dropped. */
  public synchronized void startMeasuring() {
    interval = recorder.getIntervalHistogram(interval);
    total.reset();
    series.clear();
    measuringSinceNanos = System.nanoTime();
    lastTickNanos = measuringSinceNanos;
  }

  /** Ends the measured window; later deliveries count nowhere. */
  public synchronized void stopMeasuring() {
    tick();
    measuringSinceNanos = -1;
  }

  /** Samples the last interval; called about once a second. Returns that interval's point (rate per second). */
  public synchronized Point tick() {
    long now = System.nanoTime();
    interval = recorder.getIntervalHistogram(interval);
    double seconds = Math.max(1e-3, (now - lastTickNanos) / 1e9);
    lastTickNanos = now;
    long count = interval.getTotalCount();
    last = new Point(measuringSinceNanos < 0 ? -1 : (now - measuringSinceNanos) / 1e9,
        Math.round(count / seconds), count == 0 ? 0 : interval.getValueAtPercentile(99));
    if (measuringSinceNanos >= 0) {
      total.add(interval);
      series.add(last);
    }
    return last;
  }

  public synchronized Histogram total() {
    return total.copy();
  }

  public synchronized List<Point> series() {
    return List.copyOf(series);
  }
}
