package io.logcast.gateway.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A steady keyed writer straight to Kafka for the cluster tests: {@code perSecond} records in
 * batches every 20 ms, alternating over {@code topics}, keys {@code key-0..key-(keys-1)} in turn,
 * until {@code maxRecords} or {@code maxTime}, whichever comes first. What the broker acknowledged
 * is kept as "partition@offset" per topic and key: the oracle of what a subscriber must receive.
 */
final class PacedProducer implements AutoCloseable {
  private static final long TICK_MS = 20;

  private final KafkaProducer<String, String> producer;
  private final List<String> topics;
  private final int keys;
  private final Map<String, Set<String>> acked = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "paced-producer");
    t.setDaemon(true);
    return t;
  });

  private PacedProducer(String bootstrap, List<String> topics, int keys) {
    this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 5),
        new StringSerializer(), new StringSerializer());
    this.topics = topics;
    this.keys = keys;
  }

  static PacedProducer start(String bootstrap, List<String> topics, int keys, int perSecond, long maxRecords,
      Duration maxTime) {
    PacedProducer p = new PacedProducer(bootstrap, topics, keys);
    int perTick = Math.max(1, (int) (perSecond * TICK_MS / 1000));
    long deadline = System.nanoTime() + maxTime.toNanos();
    ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
    task[0] = p.timer.scheduleAtFixedRate(() -> {
      for (int i = 0; i < perTick; i++) {
        if (p.sent.get() >= maxRecords || System.nanoTime() > deadline) {
          p.stopped.countDown();
          task[0].cancel(false);
          return;
        }
        p.send(p.sent.getAndIncrement());
      }
    }, 0, TICK_MS, TimeUnit.MILLISECONDS);
    return p;
  }

  private void send(long seq) {
    String topic = topics.get((int) (seq % topics.size()));
    String key = "key-" + (seq / topics.size()) % keys;
    producer.send(new ProducerRecord<>(topic, key, "{\"seq\":" + seq + "}"), (md, e) -> {
      if (e != null) {
        failed.incrementAndGet();
      } else {
        acked.computeIfAbsent(topic + "/" + key, k -> ConcurrentHashMap.newKeySet())
            .add(md.partition() + "@" + md.offset());
      }
    });
  }

  /** Waits until the last record is sent and every send is answered; false at the timeout. */
  boolean awaitDone(Duration timeout) throws InterruptedException {
    if (!stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return false;
    }
    producer.flush();
    return true;
  }

  long sent() {
    return sent.get();
  }

  long failed() {
    return failed.get();
  }

  /** The positions acknowledged for {@code topic}, of {@code key} only, or of every key when it is null. */
  Set<String> written(String topic, String key) {
    Set<String> out = new HashSet<>();
    acked.forEach((topicKey, positions) -> {
      if (key == null ? topicKey.startsWith(topic + "/") : topicKey.equals(topic + "/" + key)) {
        out.addAll(positions);
      }
    });
    return out;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    producer.close(Duration.ofSeconds(5));
  }
}
