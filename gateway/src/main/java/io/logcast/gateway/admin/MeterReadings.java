package io.logcast.gateway.admin;

import io.logcast.gateway.protocol.CloseCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The admin view's numbers read from the same meters {@code /metrics} exports, so the page and
 * Prometheus never disagree. Counters are totals since start: the page derives rates from two
 * readings.
 */
final class MeterReadings {
  private MeterReadings() {}

  static JsonObject delivery(MeterRegistry r) {
    JsonObject out = new JsonObject()
        .put("messages", (long) sum(r, "logcast.messages.delivered"))
        .put("frames", (long) sum(r, "logcast.frames.written"))
        .put("bytes", (long) sum(r, "logcast.bytes.written"))
        .put("connectionsOpened", (long) sum(r, "logcast.connections.opened"));
    Timer latency = r.find("logcast.delivery.latency").timer();
    if (latency != null) {
      out.put("latency", new JsonObject().put("count", latency.count())
          .put("totalMs", latency.totalTime(TimeUnit.MILLISECONDS))
          .put("maxMs", latency.max(TimeUnit.MILLISECONDS)));
    }
    return out;
  }

  /** The live consumer's lag per topic tag, and the clients that fell behind their sockets. */
  static JsonObject lag(MeterRegistry r) {
    JsonObject byTopic = new JsonObject();
    long total = 0;
    for (Gauge g : r.find("logcast.consumer.lag").gauges()) {
      long v = (long) g.value();
      total += v;
      byTopic.put(g.getId().getTag("topic"), v);
    }
    return new JsonObject().put("records", total).put("byTopic", byTopic)
        .put("demoted", (long) sum(r, "logcast.clients.demoted"))
        .put("closedSlow", (long) sum(r, "logcast.clients.closed.slow"));
  }

  static int replayReaders(MeterRegistry r) {
    Gauge g = r.find("logcast.replay.readers").gauge();
    return g == null ? 0 : (int) g.value();
  }

  /** Connections closed since start by close code (both sides), non-zero codes only, with their meaning. */
  static JsonObject closes(MeterRegistry r) {
    Map<String, Long> byCode = new TreeMap<>();
    for (Counter c : r.find("logcast.connections.closed").counters()) {
      long n = (long) c.count();
      if (n > 0) {
        byCode.merge(c.getId().getTag("code"), n, Long::sum);
      }
    }
    JsonObject out = new JsonObject();
    byCode.forEach((code, n) -> out.put(code, new JsonObject().put("count", n).put("meaning", meaning(code))));
    return out;
  }

  private static String meaning(String code) {
    for (CloseCode c : CloseCode.values()) {
      if (Integer.toString(c.code()).equals(code)) {
        return c.meaning();
      }
    }
    return "a code outside the protocol";
  }

  private static double sum(MeterRegistry r, String name) {
    return r.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }
}
