package io.logcast.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logcast.testkit.KafkaBroker;
import io.logcast.testkit.Poll;
import io.logcast.testkit.SharedKafka;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The image as it ships, running the chart's pods as rendered: three gateway containers (podman,
 * host network, loopback only) from the rendered Deployment, ConfigMap and a Secret, against the
 * testkit's real broker on the host. The tests run in order; the later ones kill replicas.
 */
@TestMethodOrder(OrderAnnotation.class)
class ImageIT {
  private static final Logger LOG = LoggerFactory.getLogger(ImageIT.class);
  static final Path VALUES = Path.of("src/test/resources/image-values.yaml").toAbsolutePath();
  static final Path WORK = Path.of("target/image-it").toAbsolutePath();
  static final String ADMIN_KEY = "image-test-admin-key-0123456789abcdef";
  static final Duration START = Duration.ofSeconds(90);
  static final int PARTITIONS = 3;

  static List<Replica> replicas;
  static KafkaBroker broker;
  static Vertx vertx;
  static String topic;

  @BeforeAll
  static void start() {
    Podman.configure();
    replicas = Replica.plan(3);
    removePods();
    long size = GatewayImage.build();
    broker = SharedKafka.broker();
    topic = SharedKafka.uniqueTopic("image.orders");
    broker.createTopic(topic, PARTITIONS);
    vertx = Vertx.vertx();
    for (Replica r : replicas) {
      r.render(List.of(VALUES, r.values(WORK, broker.bootstrapServers(), replicas)));
    }
    // the first alone, so that its start-up time is one container's, not three JVMs' on two cores
    long t0 = System.nanoTime();
    run(replicas.get(0));
    awaitReady(replicas.get(0));
    LOG.info("image {} bytes; first container ready {} ms after podman run", size, (System.nanoTime() - t0) / 1_000_000);
    replicas.subList(1, replicas.size()).forEach(ImageIT::run);
    replicas.forEach(ImageIT::awaitReady);
  }

  /** The containers' last log lines, when a test failed (the containers are removed afterwards). */
  @RegisterExtension
  static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      (replicas == null ? List.<Replica>of() : replicas).forEach(r -> LOG.error("{} last log lines:\n{}", r.podName, Podman.logs(r.podName)));
    }
  };

  @AfterAll
  static void stop() {
    if (vertx != null) {
      vertx.close();
    }
    if (replicas != null) {
      removePods();
    }
  }

  @Test
  @Order(1)
  void theImageRunsAsTheChartsUserOnAReadOnlyRootAndCarriesNoKafkaBroker() {
    assertThat(Podman.run(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Config.User}}", GatewayImage.TAG))
        .isEqualTo("10001:10001");
    String lib = Podman.run(Duration.ofSeconds(60), "run", "--rm", "--network", "host", "--entrypoint", "ls",
        GatewayImage.TAG, "/opt/logcast/lib");
    assertThat(lib).contains("kafka-clients-").doesNotContain("kafka_2.13").doesNotContain("scala-library");
    // the running gateway: UID 10001, and nothing writable but the emptyDir
    String pod = replicas.get(2).podName;
    assertThat(Podman.run(Duration.ofSeconds(30), "exec", pod, "id", "-u")).isEqualTo("10001");
    assertThat(Podman.exec(Duration.ofSeconds(30), List.of("exec", pod, "touch", "/opt/logcast/x")).exitCode()).isNotZero();
    assertThat(Podman.exec(Duration.ofSeconds(30), List.of("exec", pod, "touch", "/tmp/x")).exitCode()).isZero();
  }

  @Test
  @Order(2)
  void theProbesAnswerTheSecretIsReadAndTheReplicasFormOneCluster() {
    for (Replica r : replicas) {
      JsonNode c = r.podSpec().path("containers").get(0);
      for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
        JsonNode get = c.path(probe).path("httpGet");
        assertThat(r.get(get.path("port").asText(), get.path("path").asText(), Map.of())).as(probe).isEqualTo(200);
      }
      // the admin key reached the container from the Secret
      assertThat(r.get("management", "/v1/admin/stats", Map.of())).isEqualTo(401);
      assertThat(r.get("management", "/v1/admin/stats", Map.of("X-Admin-Key", ADMIN_KEY))).isEqualTo(200);
    }
    assertThat(Poll.within(Duration.ofSeconds(60), () -> replicas.stream()
        .allMatch(r -> r.metrics().contains("logcast_session_cluster_members 3.0"))))
        .as("every replica sees three Hazelcast members").isTrue();
  }

  @Test
  @Order(3)
  void helmTestsProbeSucceedsInsideTheImage() {
    HelmTestHook.assertSucceeds(replicas.get(0), List.of(VALUES, WORK.resolve(replicas.get(0).release + "-values.yaml")),
        WORK);
  }

  @Test
  @Order(4)
  void clientsReceiveEveryRecordOnceAndResumeOnAnotherReplicaAfterAKill() throws Exception {
    ResumeCheck.assertResumesAfterAKill(vertx, broker.bootstrapServers(), topic, replicas, replicas.get(0),
        WORK.resolve("nginx"));
  }

  @Test
  @Order(5)
  void sigtermDrainsWith1012AndTheProcessExitsBeforeTheGracePeriod() {
    DrainCheck.assertDrains(vertx, replicas.get(1), topic);
  }

  private static void run(Replica r) {
    Map<String, Map<String, String>> secrets = Map.of("logcast-image-admin", Map.of("admin-key", ADMIN_KEY));
    String[] args = r.runArgs(secrets, WORK.resolve("pods")).toArray(String[]::new);
    LOG.info("podman {}", String.join(" ", args).replace(ADMIN_KEY, "***"));
    Podman.run(Duration.ofSeconds(60), args);
  }

  private static void awaitReady(Replica r) {
    if (!Poll.within(START, () -> r.get("management", "/health/ready", Map.of()) == 200)) {
      throw new AssertionError(r.podName + " not ready within " + START + ":\n" + Podman.logs(r.podName));
    }
  }

  /** Every pod this test creates, by name: a crashed run's are removed first. */
  private static void removePods() {
    List<String> names = new ArrayList<>();
    replicas.forEach(r -> names.add(r.podName));
    names.add(HelmTestHook.podName(replicas.get(0)));
    Podman.removeContainers(names);
  }
}
