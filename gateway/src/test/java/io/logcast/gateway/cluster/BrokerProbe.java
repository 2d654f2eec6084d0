package io.logcast.gateway.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What a broker holds, seen from outside: bytes its clients sent it, and records carrying a header. */
final class BrokerProbe {
  private static final Duration READ_FOR = Duration.ofSeconds(30);

  private BrokerProbe() {
  }

  /** Every record of partition 0 of {@code topic} carrying {@code header}, read from the start, read_committed. */
  static List<ConsumerRecord<byte[], byte[]>> tagged(String bootstrap, String topic, String header) {
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
        "isolation.level", "read_committed", "enable.auto.commit", "false"), new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      TopicPartition tp = new TopicPartition(topic, 0);
      c.assign(List.of(tp));
      c.seekToBeginning(List.of(tp));
      long end = c.endOffsets(List.of(tp), Duration.ofSeconds(10)).get(tp);
      List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
      long deadline = System.nanoTime() + READ_FOR.toNanos();
      while (c.position(tp, Duration.ofSeconds(10)) < end) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to offset " + end + " within " + READ_FOR);
        }
        for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(500))) {
          if (r.headers().lastHeader(header) != null) {
            out.add(r);
          }
        }
      }
      return out;
    }
  }

  /**
   * Bytes received by the connections of the broker on {@code port} but not yet read by it (the
   * rx_queue of every TCP socket whose local port is the broker's, from /proc/net/tcp and tcp6):
   * while it is frozen, what its clients sent it.
   */
  static long queuedBytes(int port) {
    long sum = 0;
    for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path p = Path.of(file);
      if (!Files.exists(p)) {
        continue;
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        String local = f[1];
        // state 0A: listening
        if (Integer.parseInt(local.substring(local.lastIndexOf(':') + 1), 16) != port || f[3].equals("0A")) {
          continue;
        }
        sum += Long.parseLong(f[4].substring(f[4].indexOf(':') + 1), 16);
      }
    }
    return sum;
  }
}
