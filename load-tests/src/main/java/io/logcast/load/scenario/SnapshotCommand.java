package io.logcast.load.scenario;

import io.logcast.load.measure.ServerProbe;
import io.logcast.load.target.LogcastTarget;
import io.logcast.testkit.ProtocolClient;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A snapshot of a compacted topic over one WebSocket ({@code from: "snapshot"}): time to the first
 * snapshot record and to the closing {@code snapshot} object, delivery rate, and the gateway heap
 * the topic's view holds per key. Run twice in a row: the first builds the view, the second finds it.
 */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
    description = "Time to first record, delivery rate and memory per key of a from:\"snapshot\" subscription.")
public final class SnapshotCommand implements Callable<Integer> {
  private static final Duration WAIT = Duration.ofSeconds(120);

  @Mixin
  TargetOptions target;

  @Option(names = "--keys", defaultValue = "100000", description = "keys in the topic (default: ${DEFAULT-VALUE})")
  int keys;

  @Option(names = "--payload", defaultValue = "200", description = "value bytes (default: ${DEFAULT-VALUE})")
  int payload;

  @Option(names = "--partitions", defaultValue = "4", description = "(default: ${DEFAULT-VALUE})")
  int partitions;

  @Override
  public Integer call() throws Exception {
    target.gatewayEnv.putIfAbsent("LOGCAST_SNAPSHOT_TOPICS", "snap-*");
    target.gatewayEnv.putIfAbsent("LOGCAST_SNAPSHOT_MAX_BYTES_PER_TOPIC", Long.toString(1L << 30));
    try (LogcastTarget t = (LogcastTarget) target.open(target.reportDir("snapshot"))) {
      String topic = "snap-" + Long.toString(System.nanoTime(), 36);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", t.bootstrapServers()))) {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)
            .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
      }
      long writeMs = write(t.bootstrapServers(), topic);
      ServerProbe probe = t.probe();
      long heapBefore = probe.heapUsedAfterGc();
      long rssBefore = probe.rssBytes();
      System.out.printf(Locale.ROOT, "%,d keys × %d B values in %d partitions written in %d ms%n%n",
          keys, payload, partitions, writeMs);
      System.out.println("| run | first snapshot record ms | snapshot complete ms | records | records/s | MB/s |");
      System.out.println("|---|---|---|---|---|---|");
      run("1 (builds the view)", t, topic);
      long heapAfter = probe.heapUsedAfterGc();
      long rssAfter = probe.rssBytes();
      run("2 (view built)", t, topic);
      System.out.printf(Locale.ROOT, "%nGateway heap after GC: %,d → %,d bytes (%.0f B per key); RSS %,d → %,d bytes "
          + "(%.0f B per key)%n", heapBefore, heapAfter, (heapAfter - heapBefore) / (double) keys, rssBefore, rssAfter,
          (rssAfter - rssBefore) / (double) keys);
    }
    return 0;
  }

  private long write(String bootstrap, String topic) throws Exception {
    long t0 = System.nanoTime();
    byte[] value = ("{\"v\":\"" + "x".repeat(Math.max(0, payload - 8)) + "\"}").getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "1",
        "linger.ms", 5, "batch.size", 262_144), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < keys; i++) {
        p.send(new ProducerRecord<>(topic, ("key-" + i).getBytes(StandardCharsets.UTF_8), value));
      }
      p.flush();
    }
    return (System.nanoTime() - t0) / 1_000_000;
  }

  private void run(String label, LogcastTarget t, String topic) {
    try (ProtocolClient c = ProtocolClient.connect(t.wsUrl())) {
      c.hello();
      long t0 = System.nanoTime();
      c.send(new JsonObject().put("type", "subscribe").put("id", 1).put("topic", topic).put("from", "snapshot"));
      c.await(o -> "message".equals(o.getString("type")) && o.getBoolean("snapshot", false), WAIT);
      long first = System.nanoTime() - t0;
      JsonObject done = c.await(o -> "snapshot".equals(o.getString("type")), WAIT);
      long all = System.nanoTime() - t0;
      long bytes = c.received().stream().filter(o -> o.getBoolean("snapshot", false))
          .mapToLong(o -> o.encode().length()).sum();
      int count = done.getInteger("count");
      System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %,d | %,.0f | %.1f |%n", label, first / 1e6, all / 1e6, count,
          count / (all / 1e9), bytes / (all / 1e9) / 1e6);
    }
  }
}
