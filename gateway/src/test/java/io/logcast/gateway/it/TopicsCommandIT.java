package io.logcast.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.GatewayFixture;
import io.logcast.gateway.cli.Main;
import io.logcast.gateway.cli.StdStreams;
import io.logcast.testkit.SharedKafka;
import org.junit.jupiter.api.Test;

/** {@code logcast topics} against the suite's real broker. */
class TopicsCommandIT {
  private static StdStreams run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--bootstrap-server";
    all[args.length + 1] = GatewayFixture.broker().bootstrapServers();
    return StdStreams.run("", () -> Main.run(all));
  }

  @Test
  void createListDescribeDelete() {
    String topic = SharedKafka.uniqueTopic("lc-cli");
    StdStreams created = run("topics", "create", topic, "--partitions", "4", "--topic-config", "retention.ms=3600000");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.out()).contains("created topic " + topic + " (4 partitions)");

    assertThat(run("topics", "list").out().lines()).contains(topic);

    StdStreams described = run("topics", "describe", topic);
    assertThat(described.exitCode()).as(described.err()).isZero();
    assertThat(described.out()).contains("partitions   4").contains("retention.ms=3600000");
    assertThat(described.out().lines().filter(l -> l.matches("\\d+\\s+\\d+\\s+.*"))).hasSize(4);

    StdStreams deleted = run("topics", "delete", topic);
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(run("topics", "list").out().lines()).doesNotContain(topic);
  }

  @Test
  void mistakesAreOneLineEach() {
    String topic = SharedKafka.uniqueTopic("lc-cli");
    assertThat(run("topics", "create", topic, "-p", "1").exitCode()).isZero();
    StdStreams twice = run("topics", "create", topic, "-p", "1");
    assertThat(twice.exitCode()).isEqualTo(2);
    assertThat(twice.err()).isEqualTo("logcast topics create: topic '" + topic + "' already exists" + System.lineSeparator());

    StdStreams missing = run("topics", "describe", "lc-no-such-topic-here");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("topic 'lc-no-such-topic-here' does not exist").doesNotContain("Exception");

    StdStreams badName = run("topics", "create", "bad name!");
    assertThat(badName.exitCode()).isEqualTo(2);
    assertThat(badName.err().lines()).hasSize(1);

    StdStreams badPartitions = run("topics", "create", topic + "-x", "-p", "0");
    assertThat(badPartitions.err()).contains("--partitions must be at least 1");
  }
}
