package io.logcast.load.scenario;

import io.logcast.load.client.ClientFleet;
import io.logcast.load.client.Subscribers;
import io.logcast.load.measure.Latencies;
import io.logcast.load.measure.LatencySplit;
import io.logcast.load.measure.Progress;
import io.logcast.load.measure.ServerProbe;
import io.logcast.load.publish.Pacer;
import io.logcast.load.publish.Payloads;
import io.logcast.load.publish.Publisher;
import io.logcast.load.report.RunResult;
import io.logcast.load.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One measured fan-out run: S clients subscribe to a fresh topic (the first k of them stall), a
 * pacer publishes R payloads/s for warm-up + D, and the fast clients' latencies are measured over D.
 * Server heap is read after a forced GC while the clients are still connected.
 */
final class FanoutRun {
  /** Server metrics worth keeping with a run (Prometheus name → label filter, "" = all series). */
  static final Map<String, String> METRICS = Map.of(
      "logcast_messages_delivered_total", "",
      "logcast_frames_written_total", "",
      "logcast_clients_demoted_total", "",
      "logcast_clients_closed_slow_total", "",
      "jvm_buffer_memory_used_bytes", "id=\"direct\"",
      "logcast_connections", "");

  /**
   * {@code keys} 0: every client wants the whole topic; else client i wants key i % keys ({@code Keys}).
   * {@code topics} T > 1 (the mixed case): client i wants the whole of topic i % T.
   */
  record Spec(String name, String topicPrefix, int clients, int stalled, double connectsPerSecond,
      double publishesPerSecond, int payloadBytes, Duration warmup, Duration duration, Duration drain,
      long maxMessages, boolean heapAfterGc, int keys, int partitions, int topics) {
    Spec(String name, String topicPrefix, int clients, int stalled, double connectsPerSecond,
        double publishesPerSecond, int payloadBytes, Duration warmup, Duration duration, Duration drain,
        long maxMessages) {
      this(name, topicPrefix, clients, stalled, connectsPerSecond, publishesPerSecond, payloadBytes, warmup, duration,
          drain, maxMessages, true, 0, 1, 1);
    }

    Spec(String name, String topicPrefix, int clients, int stalled, double connectsPerSecond,
        double publishesPerSecond, int payloadBytes, Duration warmup, Duration duration, Duration drain,
        long maxMessages, boolean heapAfterGc) {
      this(name, topicPrefix, clients, stalled, connectsPerSecond, publishesPerSecond, payloadBytes, warmup, duration,
          drain, maxMessages, heapAfterGc, 0, 1, 1);
    }

    Spec keyed(int keyCount, int partitionCount) {
      return new Spec(name, topicPrefix, clients, stalled, connectsPerSecond, publishesPerSecond, payloadBytes, warmup,
          duration, drain, maxMessages, heapAfterGc, keyCount, partitionCount, topics);
    }

    Spec over(int topicCount) {
      return new Spec(name, topicPrefix, clients, stalled, connectsPerSecond, publishesPerSecond, payloadBytes, warmup,
          duration, drain, maxMessages, heapAfterGc, keys, partitions, topicCount);
    }

    Map<String, Object> parameters() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("clients", clients);
      m.put("stalled", stalled);
      m.put("publishesPerSecond", publishesPerSecond);
      m.put("payloadBytes", payloadBytes);
      if (keys > 0) {
        m.put("keys", keys);
        m.put("partitions", partitions);
      }
      if (topics > 1) {
        m.put("topics", topics);
      }
      m.put("warmupSeconds", warmup.toSeconds());
      m.put("durationSeconds", duration.toSeconds());
      return m;
    }
  }

  private FanoutRun() {
  }

  static RunResult execute(Target target, Subscribers fleet, Spec spec, Latencies latencies, Progress progress)
      throws InterruptedException {
    List<String> topics = new ArrayList<>();
    for (int t = 0; t < Math.max(1, spec.topics()); t++) {
      topics.add(target.prepareTopic(spec.topicPrefix(), spec.partitions()));
    }
    String topic = topics.get(0);
    progress.phase(spec.name() + ": connect");
    Duration timeout = Duration.ofSeconds(60).plusMillis((long) (spec.clients() / spec.connectsPerSecond() * 1000));
    int ok;
    if (spec.keys() > 0 || topics.size() > 1) {
      if (!(fleet instanceof ClientFleet ws)) {
        throw new IllegalArgumentException("--keys, --topics: WebSocket clients only");
      }
      ok = ws.connect(target.protocol(), topics, spec.keys(), spec.clients(), spec.stalled(), spec.connectsPerSecond(),
          latencies, timeout);
    } else {
      ok = fleet.connect(target.protocol(), topic, spec.clients(), spec.stalled(), spec.connectsPerSecond(),
          latencies, timeout);
    }
    if (ok == 0) {
      throw new IllegalStateException(spec.name() + ": no client could subscribe to " + target.name());
    }
    Thread.sleep(1000);
    ServerProbe probe = target.probe();
    Map<String, Double> metricsBefore = probe.metrics(METRICS);
    try (Publisher publisher = topics.size() > 1 ? target.publisher(topics) : target.publisher(topic, spec.keys())) {
      Pacer pacer = Pacer.start(publisher, new Payloads(spec.payloadBytes()), spec.publishesPerSecond(),
          spec.warmup().plus(spec.duration()), spec.maxMessages());
      progress.phase(spec.name() + ": warm-up");
      Thread.sleep(spec.warmup().toMillis());
      latencies.startMeasuring();
      LatencySplit split = new LatencySplit(probe);
      split.start();
      double cpu0 = probe.cpuSeconds();
      long t0 = System.nanoTime();
      progress.phase(spec.name() + ": measure");
      pacer.await();
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpu1 = probe.cpuSeconds();
      latencies.stopMeasuring();
      String latencySplit = split.end();
      progress.phase(spec.name() + ": drain");
      Thread.sleep(spec.drain().toMillis());
      long rss = probe.rssBytes();
      long heap = spec.heapAfterGc() ? probe.heapUsedAfterGc() : -1; // a full GC takes a second or two
      Map<String, Double> metrics = delta(metricsBefore, probe.metrics(METRICS));
      ClientFleet.Totals totals = fleet.totals(pacer.sent());
      Map<String, Object> extra = new LinkedHashMap<>();
      extra.put("publishFailures", publisher.failures());
      extra.put("publisherMaxLagMillis", pacer.maxLag().toMillis());
      if (latencySplit != null) {
        extra.put("latencySplit", latencySplit);
      }
      if (spec.keys() > 0 || topics.size() > 1) {
        extra.put("foreign", totals.foreign()); // records of another key or topic: must be 0
      }
      extra.put("topic", topics.size() > 1 ? topics.size() + " topics, " + topic + " … " + topics.get(topics.size() - 1)
          : topic);
      RunResult r = new RunResult(spec.name(), spec.parameters(), totals.clients(), totals.stalled(),
          totals.failedToConnect(), pacer.sent(), totals.received(), seconds, latencies.total(), latencies.series(),
          totals.lost(), totals.duplicates(), totals.closeCodes(),
          cpu0 < 0 || cpu1 < 0 ? -1 : 100 * (cpu1 - cpu0) / seconds, rss, heap, metrics, extra);
      fleet.closeClients();
      return r;
    }
  }

  /** Counters as increases over the run; gauges as their last value. */
  private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> out = new LinkedHashMap<>();
    after.forEach((k, v) -> out.put(k, k.contains("_total") ? v - before.getOrDefault(k, 0.0) : v));
    return out;
  }
}
