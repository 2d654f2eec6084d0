package io.logcast.gateway.it;

import static io.logcast.gateway.GatewayFixture.WAIT;
import static io.logcast.gateway.GatewayFixture.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.Delivered;
import io.logcast.gateway.GatewayFixture;
import io.logcast.testkit.KafkaBroker;
import io.logcast.testkit.Poll;
import io.logcast.testkit.ProtocolClient;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker with Kafka's authorizer on, and topics the gateway may describe but not read: a new
 * subscription is refused with {@code forbidden}; a followed topic whose READ is revoked is taken
 * off the live consumer and read again, where it stopped, once READ is granted. Either way the
 * other topics' delivery latency stays within 2x of the baseline measured in the same run.
 */
class UnreadableTopicIT {
  private static final int SAMPLES = 150;
  private static KafkaBroker kafka;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    kafka = KafkaBroker.start(KafkaBroker.Options.defaults().withAuthorizer());
    gw = GatewayFixture.start(Map.of("kafka.bootstrapServers", kafka.bootstrapServers(),
        "live.unreadableRetryMs", "1000"));
  }

  @AfterAll
  static void stop() {
    if (gw != null) {
      gw.close();
    }
    kafka.close();
  }

  private static String topic() {
    String t = SharedKafka.uniqueTopic("lc-acl");
    kafka.createTopic(t, 1);
    return t;
  }

  private static AclBinding allow(String topic, AclOperation op) {
    return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
        new AccessControlEntry("User:*", "*", op, AclPermissionType.ALLOW));
  }

  /** Once a topic has an ACL, only what is allowed is: WRITE (which implies DESCRIBE), not READ. */
  private static void writeOnly(String topic) throws Exception {
    kafka.admin().createAcls(List.of(allow(topic, AclOperation.WRITE))).all().get(30, TimeUnit.SECONDS);
  }

  private static void grantRead(String topic) throws Exception {
    kafka.admin().createAcls(List.of(allow(topic, AclOperation.READ))).all().get(30, TimeUnit.SECONDS);
  }

  private static void revokeRead(String topic) throws Exception {
    kafka.admin().deleteAcls(List.of(allow(topic, AclOperation.READ).toFilter())).all().get(30, TimeUnit.SECONDS);
  }

  /**
   * Median and p99 ms from a write to its delivery, one record every ~20 ms; the same path in every
   * phase (the producer's acknowledgement is not waited for), so phases compare.
   */
  private static double[] latencies(ProtocolClient c, String topic, int n) {
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String marker = "m" + System.nanoTime();
      long t0 = System.nanoTime();
      gw.produceAsync(topic, "k", ("{\"m\":\"" + marker + "\"}").getBytes());
      c.await(o -> "message".equals(o.getString("type")) && topic.equals(o.getString("topic"))
          && marker.equals(o.getJsonObject("data").getString("m")), WAIT);
      nanos.add(System.nanoTime() - t0);
      java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // pacing, not a wait for a condition
    }
    gw.flush();
    nanos.sort(null);
    return new double[] {nanos.get(n / 2) / 1e6, nanos.get(n * 99 / 100) / 1e6};
  }

  private static void assertWithinTwiceTheBaseline(double[] baseline, double[] during, String what) {
    System.out.printf("%s: p50 %.2f ms (baseline %.2f), p99 %.2f ms (baseline %.2f)%n", what, during[0],
        baseline[0], during[1], baseline[1]);
    // 2 ms of slack: a median of 1-2 ms on loopback is within the scheduler's noise
    assertThat(during[0]).as(what + ": median latency vs 2x the baseline's").isLessThanOrEqualTo(2 * baseline[0] + 2);
  }

  @Test
  void aTopicTheGatewayMayDescribeButNotReadIsRefusedAtSubscribeAndDoesNotDelayTheOthers() throws Exception {
    String open = topic();
    String secret = topic();
    writeOnly(secret);
    try (ProtocolClient streaming = gw.client()) {
      subscribe(streaming, 1, open, null, "latest");
      double[] baseline = latencies(streaming, open, SAMPLES);

      ScheduledExecutorService attempts = Executors.newSingleThreadScheduledExecutor();
      AtomicInteger refused = new AtomicInteger();
      AtomicReference<JsonObject> unexpected = new AtomicReference<>();
      attempts.scheduleAtFixedRate(() -> {
        try (ProtocolClient c = gw.client()) {
          JsonObject reply = subscribe(c, 7, secret, null, "earliest");
          if ("forbidden".equals(reply.getString("code"))) {
            refused.incrementAndGet();
          } else {
            unexpected.compareAndSet(null, reply);
          }
        }
      }, 0, 1, TimeUnit.SECONDS);
      double[] during;
      try {
        during = latencies(streaming, open, SAMPLES);
      } finally {
        attempts.shutdown();
        attempts.awaitTermination(30, TimeUnit.SECONDS);
      }
      assertThat(unexpected.get()).as("every attempt refused").isNull();
      assertThat(refused.get()).isGreaterThanOrEqualTo(2);
      assertWithinTwiceTheBaseline(baseline, during, "open topic while an unreadable one is attempted every second");

      try (ProtocolClient c = gw.client()) {
        JsonObject reply = subscribe(c, 1, secret, null, null);
        assertThat(reply.getString("type")).isEqualTo("error");
        assertThat(reply.getString("code")).isEqualTo("forbidden");
        assertThat(reply.getString("message")).contains("not allowed to read topic '" + secret + "'");
        // the connection stays usable
        assertThat(subscribe(c, 2, open, null, null).getString("type")).isEqualTo("subscribed");
      }
    }
  }

  @Test
  void aFollowedTopicWhoseReadIsRevokedWaitsOffTheConsumerAndResumesWhereItStoppedWhenGranted() throws Exception {
    String open = topic();
    String revoked = topic();
    writeOnly(revoked);
    grantRead(revoked);
    try (ProtocolClient streaming = gw.client(); ProtocolClient reader = gw.client()) {
      subscribe(streaming, 1, open, null, "latest");
      subscribe(reader, 1, revoked, null, "latest");
      Set<String> written = new HashSet<>();
      for (int i = 0; i < 10; i++) {
        written.add("0@" + gw.produce(revoked, "k", "{\"i\":" + i + "}").offset());
      }
      Delivered.assertExactly(reader, written, WAIT);
      double[] baseline = latencies(streaming, open, SAMPLES);

      double refusedBefore = gw.metric("logcast_live_errors_total{kind=\"kafka\"");
      revokeRead(revoked);
      // the broker applies the ACL change on its own time: wait until a fetch of the topic was refused
      assertThat(Poll.within(WAIT, () -> gw.metric("logcast_live_errors_total{kind=\"kafka\"") > refusedBefore))
          .as("the live reader was refused the topic").isTrue();
      for (int i = 10; i < 30; i++) {
        written.add("0@" + gw.produce(revoked, "k", "{\"i\":" + i + "}").offset());
      }
      double[] during = latencies(streaming, open, SAMPLES);
      assertWithinTwiceTheBaseline(baseline, during, "open topic while a followed one is not readable");
      assertThat(Delivered.positions(reader)).as("nothing of the revoked topic while it may not be read")
          .hasSize(10);

      grantRead(revoked);
      Delivered.assertExactly(reader, written, WAIT);
      assertThat(GatewayFixture.ofType(reader.received(), "gap")).isEmpty();
      assertThat(reader.isClosed()).isFalse();
    }
  }
}
