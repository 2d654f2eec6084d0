package io.logcast.gateway.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The demo page's orders, written straight to Kafka for the browser tests: record {@code seq} is an
 * update of order {@link #key(int)} (the {@link #KEYS} orders take turns); {@code seq} is what the
 * page's oracle checks, the rest makes the demo table readable in a screenshot.
 */
final class DemoOrders implements AutoCloseable {
  static final int KEYS = 12;
  private static final String[] CUSTOMERS = {"Ada L.", "Grace H.", "Alan T.", "Edsger D.", "Barbara L.", "Ken T."};
  private static final String[] STATUSES = {"placed", "paid", "packed", "shipped", "delivered"};
  private static final long ACK_TIMEOUT_SECONDS = 30;

  private final KafkaProducer<String, String> producer;

  DemoOrders(String bootstrap) {
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all", "linger.ms", 5),
        new StringSerializer(), new StringSerializer());
  }

  /** The key of record seq: the orders take turns. */
  static String key(int seq) {
    return "order-" + (1001 + seq % KEYS);
  }

  /**
   * Writes records seq in [from, to) to {@code topic}, keys spread over the partitions, and waits for
   * the acks; returns where each was written, in seq order.
   */
  List<RecordMetadata> publish(String topic, int from, int to) throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (int seq = from; seq < to; seq++) {
      String value = "{\"seq\":%d,\"customer\":\"%s\",\"status\":\"%s\",\"items\":%d,\"total\":%d.%02d}".formatted(
          seq, CUSTOMERS[seq % KEYS % CUSTOMERS.length], STATUSES[(seq / KEYS + seq % KEYS) % STATUSES.length],
          1 + seq % 4, 12 + seq % 7 * 9, seq * 7 % 100);
      sent.add(producer.send(new ProducerRecord<>(topic, key(seq), value)));
    }
    producer.flush();
    List<RecordMetadata> written = new ArrayList<>();
    for (Future<RecordMetadata> f : sent) {
      written.add(f.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
    return written;
  }

  /** "partition:offset" of the records of {@code key} among {@code sent}, whose first seq is {@code from}. */
  static Set<String> positionsOf(List<RecordMetadata> sent, int from, String key) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < sent.size(); i++) {
      if (key(from + i).equals(key)) {
        out.add(sent.get(i).partition() + ":" + sent.get(i).offset());
      }
    }
    return out;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
