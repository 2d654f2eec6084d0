package io.logcast.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerIT {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  @Test
  void sharedBrokerRoundTripsRecordsThroughAThreePartitionTopic() throws Exception {
    KafkaBroker broker = SharedKafka.broker();
    assertThat(SharedKafka.broker()).isSameAs(broker);
    String topic = SharedKafka.uniqueTopic("roundtrip");
    broker.createTopic(topic, 3);

    Map<String, String> sent = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      sent.put("key-" + i, "value-" + i);
    }
    List<RecordMetadata> written = KafkaClients.produce(broker.bootstrapServers(), topic, sent);
    List<ConsumerRecord<String, String>> read =
        KafkaClients.readAll(broker.bootstrapServers(), topic, 3, 10, READ_TIMEOUT);

    assertThat(read).hasSize(10);
    assertThat(read.stream().collect(Collectors.toMap(ConsumerRecord::key, ConsumerRecord::value)))
        .isEqualTo(sent);
    // ten keys over three partitions: more than one partition really carries data
    assertThat(written.stream().map(RecordMetadata::partition).collect(Collectors.toSet())).hasSizeGreaterThan(1);
    assertThat(read.stream().map(r -> r.partition() + "@" + r.offset()).collect(Collectors.toSet()))
        .isEqualTo(written.stream().map(m -> m.partition() + "@" + m.offset()).collect(Collectors.toSet()));
  }

  @Test
  void deleteRecordsBeforeAdvancesTheLogStartOffset() throws Exception {
    KafkaBroker broker = SharedKafka.broker();
    String topic = SharedKafka.uniqueTopic("retention");
    broker.createTopic(topic, 1);
    KafkaClients.produce(broker.bootstrapServers(), topic,
        Map.of("a", "1", "b", "2", "c", "3", "d", "4", "e", "5"));
    assertThat(KafkaClients.earliestOffset(broker.admin(), topic, 0)).isZero();

    broker.deleteRecordsBefore(topic, 0, 3);

    assertThat(KafkaClients.earliestOffset(broker.admin(), topic, 0)).isEqualTo(3);
    assertThat(KafkaClients.readAll(broker.bootstrapServers(), topic, 1, 2, READ_TIMEOUT))
        .extracting(ConsumerRecord::offset).containsExactly(3L, 4L);
  }

  @Test
  void recreatingADeletedTopicGivesItANewTopicId() throws Exception {
    KafkaBroker broker = SharedKafka.broker();
    String topic = SharedKafka.uniqueTopic("epoch");
    broker.createTopic(topic, 2);
    Uuid first = topicId(broker, topic);

    broker.deleteTopic(topic);
    assertThat(broker.admin().listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(topic);
    broker.createTopic(topic, 2);

    assertThat(topicId(broker, topic)).isNotEqualTo(first);
  }

  @Test
  void killEndsTheProcessAndARestartOnTheSameDataDirKeepsTheData(@TempDir Path dir) throws Exception {
    KafkaBroker.Options opts = KafkaBroker.Options.defaults().withDataDir(dir);
    String topic = "survives-kill";
    int port;
    try (KafkaBroker broker = KafkaBroker.start(opts)) {
      port = broker.port();
      assertThat(broker.port()).isNotEqualTo(SharedKafka.broker().port());
      broker.createTopic(topic, 1);
      KafkaClients.produce(broker.bootstrapServers(), topic, Map.of("k", "before-kill"));
      long pid = broker.pid();

      broker.kill();

      assertThat(broker.isAlive()).isFalse();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      assertThat(accepts(port)).isFalse();
    }
    assertThat(dir).isDirectory(); // a caller's data dir is never deleted

    try (KafkaBroker restarted = KafkaBroker.start(opts)) {
      assertThat(restarted.port()).isEqualTo(port);
      assertThat(KafkaClients.readAll(restarted.bootstrapServers(), topic, 1, 1, READ_TIMEOUT))
          .extracting(ConsumerRecord::value).containsExactly("before-kill");
    }
  }

  @Test
  void aBrokerThatCannotStartFailsWithItsLogAndLeavesNothingBehind() {
    KafkaBroker.Options bad = KafkaBroker.Options.defaults().withProperty("num.network.threads", "0");
    Set<Path> before = tempBrokerDirs();

    assertThatThrownBy(() -> KafkaBroker.start(bad))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("broker.log")
        .hasMessageContaining("num.network.threads");
    assertThat(tempBrokerDirs()).isEqualTo(before);
  }

  @Test
  void uniqueTopicNamesAreUniqueAndLegal() {
    String a = SharedKafka.uniqueTopic("t");
    String b = SharedKafka.uniqueTopic("t");
    assertThat(a).isNotEqualTo(b).matches("t-\\d+-[a-z0-9]+");
  }

  private static Uuid topicId(KafkaBroker broker, String topic) throws Exception {
    return broker.admin().describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS)
        .get(topic).topicId();
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static Set<Path> tempBrokerDirs() {
    try (var files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(p -> p.getFileName().toString().startsWith("logcast-kafka-")).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
