package io.logcast.gateway.publish;

import io.logcast.gateway.log.Consumers;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Settles an idempotency key whose first attempt may have written: reads every partition of the
 * topic from the attempt's start time (less a clock-skew margin) to its end, for records carrying
 * the key's tag. Bounded in records read; past the bound the outcome stays unknown. On its own
 * thread: a consumer blocks.
 */
final class LogLookup implements AutoCloseable {
  static final long SKEW_MS = 60_000;
  static final long MAX_RECORDS = 2_000_000;
  private static final Duration POLL = Duration.ofMillis(500);
  private static final long DEADLINE_MS = 30_000;

  private final Consumers consumers;
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "logcast-idempotency-lookup");
    t.setDaemon(true);
    return t;
  });

  LogLookup(Consumers consumers) {
    this.consumers = consumers;
  }

  /** Item index → where it was written; fails when the log cannot be read to the end in time. */
  Future<Map<Integer, Published>> find(String topic, String tag, long sinceMs, Context ctx) {
    Promise<Map<Integer, Published>> p = Promise.promise();
    thread.execute(() -> {
      try {
        Map<Integer, Published> found = scan(topic, tag, sinceMs);
        ctx.runOnContext(v -> p.complete(found));
      } catch (RuntimeException e) {
        ctx.runOnContext(v -> p.fail(e));
      }
    });
    return p.future();
  }

  private Map<Integer, Published> scan(String topic, String tag, long sinceMs) {
    Map<String, Object> settings = Map.of("enable.auto.commit", "false", "auto.offset.reset", "earliest",
        "isolation.level", "read_uncommitted", "client.id", "logcast-idempotency-lookup");
    try (Consumer<byte[], byte[]> c = consumers.create(settings)) {
      List<TopicPartition> parts = new ArrayList<>();
      for (PartitionInfo pi : c.partitionsFor(topic, Duration.ofSeconds(10))) {
        parts.add(new TopicPartition(topic, pi.partition()));
      }
      c.assign(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(10));
      Map<TopicPartition, Long> times = new HashMap<>();
      parts.forEach(tp -> times.put(tp, Math.max(0, sinceMs - SKEW_MS)));
      Map<TopicPartition, OffsetAndTimestamp> from = c.offsetsForTimes(times, Duration.ofSeconds(10));
      List<TopicPartition> open = new ArrayList<>();
      for (TopicPartition tp : parts) {
        OffsetAndTimestamp o = from.get(tp);
        if (o != null && o.offset() < end.get(tp)) {
          c.seek(tp, o.offset());
          open.add(tp);
        }
      }
      c.assign(open);
      String prefix = tag + ':';
      Map<Integer, Published> found = new HashMap<>();
      long read = 0;
      long deadline = System.currentTimeMillis() + DEADLINE_MS;
      while (!open.isEmpty()) {
        if (read > MAX_RECORDS || System.currentTimeMillis() > deadline) {
          throw new IllegalStateException("idempotency lookup bound reached on " + topic);
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
          read++;
          Header h = r.headers().lastHeader(IdempotencyScope.HEADER);
          String v = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
          if (v != null && v.startsWith(prefix) && r.offset() < end.get(new TopicPartition(topic, r.partition()))) {
            found.putIfAbsent(Integer.parseInt(v.substring(prefix.length())),
                new Published(topic, r.partition(), r.offset()));
          }
        }
        open.removeIf(tp -> c.position(tp) >= end.get(tp));
        c.assign(open);
      }
      return found;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
