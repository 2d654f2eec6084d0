package io.logcast.gateway.publish;

import io.logcast.gateway.config.KafkaConfig;
import io.logcast.gateway.metrics.LimitKind;
import io.logcast.gateway.metrics.LimitRecorder;
import io.logcast.gateway.config.PublishConfig;
import io.logcast.gateway.protocol.ProtocolError;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The instance's one producer: idempotent, {@code acks=all}, {@code linger.ms} explicit (Kafka 4
 * changed its default). {@code send} can block on metadata, so it runs on the publisher's own
 * thread; acknowledgements hop back to the caller's context. In-flight publishes are bounded.
 */
public final class Publisher implements AutoCloseable {
  private static final long MAX_BLOCK_MS = 5_000;

  private final KafkaProducer<byte[], byte[]> producer;
  private final ExecutorService sender;
  private final Semaphore inFlight;
  private final LimitRecorder limits;

  public Publisher(KafkaConfig kafka, PublishConfig config, String nodeId, LimitRecorder limits) {
    this.limits = limits;
    // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms (validated in config)
    long requestTimeout = Math.max(1, (config.timeoutMs() - config.lingerMs()) / 2);
    this.producer = new KafkaProducer<>(kafka.producerProperties(Map.of(
        "client.id", "logcast-publisher-" + nodeId,
        "acks", "all",
        "enable.idempotence", "true",
        "linger.ms", Long.toString(config.lingerMs()),
        "delivery.timeout.ms", Long.toString(config.timeoutMs()),
        "request.timeout.ms", Long.toString(requestTimeout),
        "max.block.ms", Long.toString(MAX_BLOCK_MS))), new ByteArraySerializer(), new ByteArraySerializer());
    this.sender = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "logcast-publisher");
      t.setDaemon(true);
      return t;
    });
    this.inFlight = new Semaphore(config.maxInFlight());
  }

  public Future<Published> send(String topic, String key, byte[] value, Map<String, String> headers, Context ctx) {
    if (!inFlight.tryAcquire()) {
      limits.rejected(LimitKind.PUBLISH_IN_FLIGHT);
      return Future.failedFuture(ProtocolError.unavailable("too many publishes in flight, retry later").exception());
    }
    Promise<Published> promise = Promise.promise();
    List<Header> hs = new ArrayList<>(headers.size());
    headers.forEach((k, v) -> hs.add(new RecordHeader(k, v.getBytes(StandardCharsets.UTF_8))));
    byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, k, value, hs);
    try {
      sender.execute(() -> {
        try {
          producer.send(record, (md, error) -> {
            inFlight.release();
            ctx.runOnContext(v -> {
              if (error != null) {
                promise.fail(error);
              } else {
                promise.complete(new Published(topic, md.partition(), md.offset()));
              }
            });
          });
        } catch (RuntimeException e) {
          inFlight.release();
          ctx.runOnContext(v -> promise.fail(e));
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      inFlight.release();
      return Future.failedFuture(ProtocolError.unavailable("the gateway is shutting down").exception());
    }
    return promise.future();
  }

  /** For the Kafka client meters. */
  public org.apache.kafka.clients.producer.Producer<byte[], byte[]> producer() {
    return producer;
  }

  @Override
  public void close() {
    sender.shutdown();
    producer.close(Duration.ofSeconds(5));
  }
}
