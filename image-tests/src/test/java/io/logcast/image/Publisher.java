package io.logcast.image;

import io.logcast.testkit.ResumingClient.Delivered;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** A backend service writing to Kafka directly at a steady pace; it remembers where each record landed. */
final class Publisher implements AutoCloseable {
  private final KafkaProducer<String, String> producer;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final Set<Delivered> written = new ConcurrentSkipListSet<>();
  private final String topic;
  private long next;

  Publisher(String bootstrap, String topic, int perSecond) {
    this.topic = topic;
    this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new StringSerializer());
    timer.scheduleAtFixedRate(this::sendOne, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
  }

  private void sendOne() {
    long n = next++;
    producer.send(new ProducerRecord<>(topic, "key-" + (n % 16), "{\"n\":" + n + "}"), (md, e) -> {
      if (e == null) {
        written.add(new Delivered(md.partition(), md.offset()));
      }
    });
  }

  /** Stops writing and waits for every record sent to be acknowledged. */
  void stop() throws InterruptedException {
    timer.shutdown();
    timer.awaitTermination(10, TimeUnit.SECONDS);
    producer.flush();
  }

  long written() {
    return written.size();
  }

  /** What a client subscribed to the whole topic from {@code start} (per partition) must receive. */
  Set<Delivered> since(Map<Integer, Long> start) {
    Set<Delivered> out = new TreeSet<>();
    written.stream().filter(d -> d.offset() >= start.getOrDefault(d.partition(), 0L)).forEach(out::add);
    return out;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    producer.close();
  }
}
