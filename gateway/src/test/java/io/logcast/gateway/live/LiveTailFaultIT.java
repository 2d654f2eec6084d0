package io.logcast.gateway.live;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.Delivered;
import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.log.Consumers;
import io.logcast.gateway.node.Node;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live reader of a real gateway, on the real broker, made to throw from every poll: the
 * supervisor keeps the thread alive, readiness goes DOWN with the reason once live.stallTimeoutMs
 * passes, and when the fault clears it comes back UP and every record written meanwhile is
 * delivered, once.
 */
class LiveTailFaultIT {
  private static final long STALL_MS = 2_000;
  private static final AtomicBoolean FAILING = new AtomicBoolean();
  private static final AtomicInteger INJECTED = new AtomicInteger();
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(Map.of("live.stallTimeoutMs", Long.toString(STALL_MS)),
        new Node.Options(false, LiveTailFaultIT::failingLiveReader));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** The live consumers (not the replay pool's) throw from poll while {@link #FAILING} is set. */
  @SuppressWarnings("unchecked")
  private static Consumers failingLiveReader(Consumers real) {
    return settings -> {
      Consumer<byte[], byte[]> consumer = real.create(settings);
      if (!String.valueOf(settings.get("client.id")).startsWith("logcast-live-")) {
        return consumer;
      }
      return (Consumer<byte[], byte[]>) Proxy.newProxyInstance(Consumer.class.getClassLoader(),
          new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
            if (FAILING.get() && method.getName().equals("poll")) {
              INJECTED.incrementAndGet();
              throw new IllegalStateException("injected live reader fault");
            }
            try {
              return method.invoke(consumer, args);
            } catch (InvocationTargetException e) {
              throw e.getCause();
            }
          });
    };
  }

  private static JsonObject readiness() {
    HttpResponse<String> r = gw.get("http://127.0.0.1:" + gw.node().managementPort() + "/health/ready");
    return new JsonObject(r.body()).put("httpStatus", r.statusCode());
  }

  @Test
  void aThrowingLiveReaderTurnsReadinessDownThenRecoversWithNothingLostOrRepeated() throws Exception {
    String topic = GatewayFixture.topic(2);
    Set<String> written = new HashSet<>();
    try (ProtocolClient c = gw.client()) {
      subscribe(c, 1, topic, null, "latest");
      for (int i = 0; i < 20; i++) {
        written.add(at(gw.produce(topic, "k" + i, "{\"i\":" + i + "}")));
      }
      Delivered.assertExactly(c, written, WAIT);
      assertThat(readiness().getString("status")).isEqualTo("UP");

      FAILING.set(true);
      long failedAt = System.nanoTime();
      for (int i = 20; i < 120; i++) {
        written.add(at(gw.produce(topic, "k" + i, "{\"i\":" + i + "}")));
      }
      // the bound: the stall timeout, plus a poll that was under way when the fault began
      assertThat(Poll.within(Duration.ofMillis(STALL_MS + 5_000), () -> "DOWN".equals(readiness().getString("status"))))
          .as("readiness DOWN within the stall timeout").isTrue();
      long downAfterMs = (System.nanoTime() - failedAt) / 1_000_000;
      JsonObject down = readiness();
      assertThat(down.getInteger("httpStatus")).isEqualTo(503);
      assertThat(down.getJsonObject("checks").getString("liveTail")).isEqualTo("DOWN");
      assertThat(down.getString("reason")).contains("no progress of the live consumer");
      assertThat(down.encode()).doesNotContain("injected");
      assertThat(INJECTED.get()).isPositive();
      assertThat(downAfterMs).isGreaterThanOrEqualTo(STALL_MS);

      FAILING.set(false);
      for (int i = 120; i < 140; i++) {
        written.add(at(gw.produce(topic, "k" + i, "{\"i\":" + i + "}")));
      }
      // the restart backoff doubles per failure (1, 2, 4 s...): the next attempt is within its current value
      assertThat(Poll.within(Duration.ofSeconds(20), () -> "UP".equals(readiness().getString("status"))))
          .as("readiness UP again once the reader polls").isTrue();
      Delivered.assertExactly(c, written, WAIT);
      assertThat(c.isClosed()).isFalse();
      assertThat(GatewayFixture.ofType(c.received(), "gap")).isEmpty();
      // the Kafka client meters follow the replacement consumer: it fetched the ~120 records written
      // since the fault began (a poll under way then may have taken one); the first one fetched ~20
      assertThat(Poll.within(WAIT, () -> gw.metric("kafka_consumer_fetch_manager_records_consumed_total") >= 100))
          .as("kafka_consumer_* meters of the live consumer now in use").isTrue();
    }
  }

  private static String at(RecordMetadata md) {
    return md.partition() + "@" + md.offset();
  }
}
