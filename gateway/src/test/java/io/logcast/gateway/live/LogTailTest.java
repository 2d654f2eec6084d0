package io.logcast.gateway.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.log.PartitionBatch;
import io.logcast.gateway.log.TopicInfo;
import io.logcast.gateway.metrics.ConsumerLag;
import io.logcast.gateway.metrics.LiveMeters;
import io.logcast.gateway.metrics.TopicTags;
import io.logcast.testkit.Poll;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live reader against kafka-clients' MockConsumer: assignment, announced positions, batches. */
class LogTailTest {
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("none");
  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  /** The default tail hands its batches over whole; the supervision tests want them record by record. */
  private final LogTail tail = tailOn(new java.util.ArrayDeque<>(List.of(consumer)), 30_000, false);

  @AfterEach
  void close() {
    tail.close();
  }

  @Test
  void announcesWhereEachWantedTopicIsLiveThenHandsOverWholeBatchesEncodedOnce() throws Exception {
    TopicPartition p0 = new TopicPartition("t", 0);
    TopicPartition p1 = new TopicPartition("t", 1);
    consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
    consumer.updateEndOffsets(Map.of(p0, 5L, p1, 7L));
    tail.start();
    tail.want(new TopicInfo("t", "e1", 2));
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("t live [5, 7]");

    consumer.schedulePollTask(() -> { // both in one poll
      consumer.addRecord(new ConsumerRecord<>("t", 0, 5L, bytes("k"), bytes("{\"n\":1}")));
      consumer.addRecord(new ConsumerRecord<>("t", 0, 6L, null, bytes("plain")));
    });
    Object next = events.poll(10, TimeUnit.SECONDS);
    assertThat(next).isInstanceOf(List.class);
    PartitionBatch batch = (PartitionBatch) ((List<?>) next).get(0);
    assertThat(batch.partition()).isZero();
    assertThat(batch.nextOffset()).isEqualTo(7);
    assertThat(batch.records()).extracting(r -> r.offset()).containsExactly(5L, 6L);
    assertThat(batch.records().get(0).key()).isEqualTo("k");
    assertThat(new String(batch.records().get(0).frame(), StandardCharsets.UTF_8))
        .contains("\"offset\":5").contains("\"data\":{\"n\":1}");

    tail.release("t");
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("t dropped");
  }

  /** A live tail on the consumers given, in order: a replaced consumer's successor is the next one. */
  private LogTail tailOn(java.util.Queue<MockConsumer<byte[], byte[]>> consumers, long stallTimeoutMs) {
    return tailOn(consumers, stallTimeoutMs, true);
  }

  private LogTail tailOn(java.util.Queue<MockConsumer<byte[], byte[]>> consumers, long stallTimeoutMs,
      boolean perRecord) {
    return new LogTail(settings -> consumers.remove(), "test", new LogTail.Sink() {
      @Override
      public void onLive(String topic, long[] positions) {
        events.add(topic + " live " + java.util.Arrays.toString(positions));
      }

      @Override
      public void onBatch(List<PartitionBatch> batch) {
        if (!perRecord) {
          events.add(batch);
          return;
        }
        batch.forEach(pb -> pb.records().forEach(r -> events.add(pb.partition() + "@" + r.offset())));
      }

      @Override
      public void onDropped(String topic) {
        events.add(topic + " dropped");
      }

      @Override
      public void onRecreated(String topic, String epoch, long[] positions) {
        events.add(topic + " recreated " + epoch + " " + java.util.Arrays.toString(positions));
      }
    }, new ConsumerLag(new SimpleMeterRegistry(), new TopicTags(false, Set.of())), LiveMeters.NONE, stallTimeoutMs);
  }

  private static MockConsumer<byte[], byte[]> endingAt(long end) {
    MockConsumer<byte[], byte[]> c = new MockConsumer<>("none");
    TopicPartition p0 = new TopicPartition("t", 0);
    c.updateBeginningOffsets(Map.of(p0, 0L));
    c.updateEndOffsets(Map.of(p0, end));
    return c;
  }

  private static void records(MockConsumer<byte[], byte[]> c, long... offsets) {
    c.schedulePollTask(() -> {
      for (long o : offsets) {
        c.addRecord(new ConsumerRecord<>("t", 0, o, null, bytes("1")));
      }
    });
  }

  @Test
  void anUnexpectedFailureReplacesTheConsumerWhichContinuesAtTheNextOffsetWithNothingRepeated() throws Exception {
    MockConsumer<byte[], byte[]> first = endingAt(5);
    MockConsumer<byte[], byte[]> second = endingAt(5);
    LogTail failing = tailOn(new java.util.ArrayDeque<>(List.of(first, second)), 30_000);
    try {
      failing.start();
      failing.want(new TopicInfo("t", "e1", 1));
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("t live [5]");
      records(first, 5, 6);
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("0@5");
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("0@6");
      first.schedulePollTask(() -> {
        throw new IllegalStateException("a bug in the consumer");
      });
      // the successor is assigned at 7: records before it are not handed over again
      records(second, 5, 6, 7, 8);
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("0@7");
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("0@8");
      assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
      assertThat(first.closed()).isTrue();
      assertThat(failing.stalled(System.currentTimeMillis())).isNull();
    } finally {
      failing.close();
    }
  }

  @Test
  void noProgressPastTheStallTimeoutIsReportedAndClearsWhenPollsSucceedAgain() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
    MockConsumer<byte[], byte[]> flaky = new MockConsumer<>("none") {
      @Override
      public synchronized org.apache.kafka.clients.consumer.ConsumerRecords<byte[], byte[]> poll(
          java.time.Duration timeout) {
        if (down.get()) {
          throw new org.apache.kafka.common.KafkaException("no broker");
        }
        return super.poll(timeout);
      }
    };
    TopicPartition p0 = new TopicPartition("t", 0);
    flaky.updateBeginningOffsets(Map.of(p0, 0L));
    flaky.updateEndOffsets(Map.of(p0, 0L));
    LogTail stalling = tailOn(new java.util.ArrayDeque<>(List.of(flaky)), 1_500);
    try {
      stalling.start();
      stalling.want(new TopicInfo("t", "e1", 1));
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("t live [0]");
      assertThat(stalling.stalled(System.currentTimeMillis())).isNull();
      down.set(true);
      Poll.within(Duration.ofSeconds(10), () -> stalling.stalled(System.currentTimeMillis()) != null);
      assertThat(stalling.stalled(System.currentTimeMillis())).startsWith("no progress of the live consumer");
      down.set(false);
      records(flaky, 0);
      assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("0@0");
      assertThat(stalling.stalled(System.currentTimeMillis())).isNull();
    } finally {
      stalling.close();
    }
  }

  @Test
  void newPartitionsAreReadFromTheirStartAndAnnounced() throws Exception {
    TopicPartition p0 = new TopicPartition("t", 0);
    TopicPartition p1 = new TopicPartition("t", 1);
    consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
    consumer.updateEndOffsets(Map.of(p0, 5L, p1, 2L));
    tail.start();
    tail.want(new TopicInfo("t", "e1", 1));
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("t live [5]");
    assertThat(tail.followed().get("t").partitions()).isEqualTo(1);

    tail.grow(new TopicInfo("t", "e1", 2));
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("t live [-1, 0]"); // its start, not its end
    assertThat(tail.followed().get("t").partitions()).isEqualTo(2);
    consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>("t", 1, 0L, null, bytes("1"))));
    Object next = events.poll(10, TimeUnit.SECONDS);
    assertThat(next).isInstanceOf(List.class);
    assertThat(((PartitionBatch) ((List<?>) next).get(0)).partition()).isEqualTo(1);
  }

  @Test
  void aRecreatedTopicIsReadFromTheStartOfItsNewLogAndAnnouncedWithItsEpoch() throws Exception {
    TopicPartition p0 = new TopicPartition("t", 0);
    consumer.updateBeginningOffsets(Map.of(p0, 0L));
    consumer.updateEndOffsets(Map.of(p0, 500L));
    tail.start();
    tail.want(new TopicInfo("t", "e1", 1));
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("t live [500]");

    tail.recreated(new TopicInfo("t", "e2", 1));
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("t recreated e2 [0]");
    assertThat(tail.followed().get("t").epoch()).isEqualTo("e2");
    consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>("t", 0, 0L, null, bytes("1"))));
    Object next = events.poll(10, TimeUnit.SECONDS);
    assertThat(next).isInstanceOf(List.class);
    assertThat(((PartitionBatch) ((List<?>) next).get(0)).records().get(0).offset()).isZero();
  }

  @Test
  void aTopicTheGatewayMayNotReadIsTakenOffWhileTheOthersStreamAndTriedAgainLater() throws Exception {
    TopicPartition t0 = new TopicPartition("t", 0);
    TopicPartition u0 = new TopicPartition("u", 0);
    consumer.updateBeginningOffsets(Map.of(t0, 0L, u0, 0L));
    consumer.updateEndOffsets(Map.of(t0, 0L, u0, 7L));
    tail.parkUnreadableMs(1_000);
    tail.start();
    tail.want(new TopicInfo("t", "e1", 1));
    tail.want(new TopicInfo("u", "e1", 1));
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("t live [0]");
    assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("u live [7]");

    consumer.setPollException(new org.apache.kafka.common.errors.TopicAuthorizationException(Set.of("u")));
    consumer.schedulePollTask(() -> { });
    Poll.within(Duration.ofSeconds(10), () -> !consumer.assignment().contains(u0));
    assertThat(consumer.assignment()).containsExactly(t0); // u is off the consumer; t streams on
    consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>("t", 0, 0L, null, bytes("1"))));
    assertThat(events.poll(10, TimeUnit.SECONDS)).isInstanceOf(List.class);

    // and back after the park, at offset 7
    Poll.within(Duration.ofSeconds(10), () -> consumer.assignment().contains(u0));
    assertThat(consumer.assignment()).contains(u0);
    assertThat(consumer.position(u0)).isEqualTo(7);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
