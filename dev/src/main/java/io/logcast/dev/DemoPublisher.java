package io.logcast.dev;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Dev mode's stand-in for a backend service: writes order status updates straight to Kafka, keyed
 * by order id, and a price board (quotes keyed by symbol, now and then a tombstone) to a compacted
 * topic, so the demo page has realistic live data for its list, its snapshot and its pattern.
 */
public final class DemoPublisher implements AutoCloseable {
  private static final String[] FLOW = {"placed", "paid", "packed", "shipped", "delivered"};
  private static final String[] CUSTOMERS = {"Ada L.", "Grace H.", "Alan T.", "Edsger D.", "Barbara L.",
      "Donald K.", "Margaret H.", "Ken T.", "Radia P.", "Leslie L.", "Frances A.", "John M."};
  private static final int ACTIVE_ORDERS = 24;
  private static final double CANCEL_CHANCE = 0.04;
  /** Price changes a second: a board that visibly moves without flooding the page. */
  static final double PRICE_UPDATES_PER_SECOND = 3;

  private record Order(String id, String customer, int items, double total, int step) {}

  private final KafkaProducer<byte[], byte[]> producer;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "logcast-demo-publisher");
    t.setDaemon(true);
    return t;
  });
  private final String topic;
  private final String pricesTopic;
  private final Random random = new Random();
  private final PriceBoard prices = new PriceBoard(random);
  private final List<Order> active = new ArrayList<>();
  private int nextId = 1000;

  private DemoPublisher(String bootstrap, String topic, String pricesTopic) {
    this.topic = topic;
    this.pricesTopic = pricesTopic;
    this.producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "linger.ms", 5, "acks", "all"),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Orders at {@code perSecond} to {@code topic}; prices at {@link #PRICE_UPDATES_PER_SECOND} to {@code pricesTopic}. */
  public static DemoPublisher start(String bootstrap, String topic, double perSecond, String pricesTopic) {
    DemoPublisher p = new DemoPublisher(bootstrap, topic, pricesTopic);
    long periodMicros = Math.max(1_000, (long) (1_000_000 / perSecond));
    p.timer.scheduleAtFixedRate(p::tick, 0, periodMicros, TimeUnit.MICROSECONDS);
    // the whole board first, so the first snapshot has every symbol; then changes
    p.timer.execute(() -> p.prices.all().forEach(p::send));
    p.timer.scheduleAtFixedRate(() -> p.send(p.prices.next()), 1_000,
        (long) (1_000 / PRICE_UPDATES_PER_SECOND), TimeUnit.MILLISECONDS);
    return p;
  }

  private void tick() {
    while (active.size() < ACTIVE_ORDERS) {
      active.add(new Order("order-" + nextId++, CUSTOMERS[random.nextInt(CUSTOMERS.length)],
          1 + random.nextInt(6), Math.round((5 + random.nextDouble() * 195) * 100) / 100.0, 0));
      send(active.get(active.size() - 1), FLOW[0]);
    }
    int i = random.nextInt(active.size());
    Order o = active.get(i);
    if (random.nextDouble() < CANCEL_CHANCE && o.step() < 3) {
      send(o, "cancelled");
      active.remove(i);
      return;
    }
    Order next = new Order(o.id(), o.customer(), o.items(), o.total(), o.step() + 1);
    send(next, FLOW[next.step()]);
    if (next.step() == FLOW.length - 1) {
      active.remove(i);
    } else {
      active.set(i, next);
    }
  }

  private void send(Order o, String status) {
    JsonObject v = new JsonObject()
        .put("orderId", o.id())
        .put("customer", o.customer())
        .put("status", status)
        .put("items", o.items())
        .put("total", o.total())
        .put("currency", "EUR")
        .put("updatedAt", System.currentTimeMillis());
    producer.send(new ProducerRecord<>(topic, o.id().getBytes(StandardCharsets.UTF_8),
        v.encode().getBytes(StandardCharsets.UTF_8)));
  }

  private void send(PriceBoard.Quote q) {
    byte[] value = q.value() == null ? null : q.value().encode().getBytes(StandardCharsets.UTF_8);
    producer.send(new ProducerRecord<>(pricesTopic, q.symbol().getBytes(StandardCharsets.UTF_8), value));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    producer.close(Duration.ofSeconds(2));
  }
}
