package io.logcast.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.testkit.GatewayCluster;
import io.logcast.testkit.SharedKafka;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser SDK end to end: the demo page in headless Debian Chromium (client-js/e2e/demo.e2e.mjs,
 * playwright-core, no browser download) against two gateway JVMs behind nginx and a real broker.
 * The page subscribes to a fresh topic from earliest; records numbered 0..99 are written straight to
 * Kafka; the instance the page is connected to is SIGKILLed; 100..199 are written while it is down.
 * Oracle (checked in the page): its received list holds every seq exactly once, offsets increasing
 * per partition, and it is now connected to the other instance. Artifact: a screenshot of the page
 * after the failover, {@code target/e2e/demo-after-failover.png}.
 */
class BrowserE2EIT {
  private static final Logger LOG = LoggerFactory.getLogger(BrowserE2EIT.class);
  private static final int INSTANCES = 2;
  private static final int PARTITIONS = 3;
  private static final int KEYS = 12;
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration NPM_CI = Duration.ofMinutes(5);
  private static final Duration ANSWER = Duration.ofSeconds(100);
  private static final String[] CUSTOMERS = {"Ada L.", "Grace H.", "Alan T.", "Edsger D.", "Barbara L.", "Ken T."};
  private static final String[] STATUSES = {"placed", "paid", "packed", "shipped", "delivered"};

  private static Path e2eDir;
  private static Path work;
  private static String topic;
  private static GatewayCluster cluster;
  private static KafkaProducer<String, String> producer;
  private static PageDriver page;

  @BeforeAll
  static void start() throws IOException {
    // failsafe runs in the module directory (gateway/); the SDK and its e2e driver are beside it
    Path repo = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();
    e2eDir = repo.resolve("client-js/e2e");
    assertThat(e2eDir.resolve("demo.e2e.mjs")).as("the page driver").isRegularFile();
    assertThat(Files.isExecutable(CHROMIUM)).as("%s (Debian: apt-get install chromium; bin/test installs it)",
        CHROMIUM).isTrue();
    work = Path.of("target", "e2e").toAbsolutePath();
    Files.createDirectories(work);
    installDriverDependencies();

    topic = SharedKafka.uniqueTopic("lc-e2e");
    SharedKafka.broker().createTopic(topic, PARTITIONS);
    cluster = GatewayCluster.start(new GatewayCluster.Options(INSTANCES, LoopbackPorts.freeRange(1),
        LoopbackPorts.freeRange(INSTANCES), LoopbackPorts.freeRange(INSTANCES), LoopbackPorts.freeRange(INSTANCES),
        SharedKafka.broker().bootstrapServers(), Map.of("LOGCAST_SERVER_EVENT_LOOPS", "1"), List.of("--demo-page"),
        work.resolve("cluster")));
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", SharedKafka.broker().bootstrapServers(),
        "acks", "all", "linger.ms", 5), new StringSerializer(), new StringSerializer());
  }

  @AfterAll
  static void stop() {
    if (page != null) {
      page.close();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void thePageGetsEveryRecordOnceInOrderThroughTheKillOfItsInstance() throws Exception {
    long startedAt = System.currentTimeMillis();
    Path shot = work.resolve("demo-after-failover.png");
    Files.deleteIfExists(shot);
    String url = cluster.httpUrl() + "/?topic=" + URLEncoder.encode(topic, StandardCharsets.UTF_8)
        + "&from=earliest&persist=0";
    page = PageDriver.start(e2eDir, url, shot, work.resolve("page-driver.log"));

    String first = page.next(ANSWER);
    assertThat(first).as("the page's first line").startsWith("NODE gw-");
    String victimNode = first.substring("NODE ".length());
    int victim = Integer.parseInt(victimNode.substring("gw-".length())) - 1;
    String otherNode = cluster.instance(1 - victim).spec().nodeId();
    assertThat(cluster.instance(victim).spec().nodeId()).isEqualTo(victimNode);

    publish(0, 100);
    Map<String, String> before = ok(page.ask("EXPECT 100 60000", ANSWER), 100);
    assertThat(before.get("node")).as("node before the kill").isEqualTo(victimNode);

    long killAt = System.currentTimeMillis();
    cluster.instance(victim).kill();
    publish(100, 200); // while the page's instance is down (the page may already be back on the other one)

    Map<String, String> after = ok(page.ask("EXPECT 200 90000", ANSWER), 200);
    assertThat(after.get("node")).as("node after the kill of %s", victimNode).isEqualTo(otherNode);
    assertThat(Integer.parseInt(after.get("reconnects"))).as("reconnects").isGreaterThanOrEqualTo(1);
    long resumedAt = Long.parseLong(after.get("connectedAt"));
    assertThat(resumedAt).as("the page's last connection is after the kill").isGreaterThanOrEqualTo(killAt);

    assertThat(page.ask("SHOT", ANSWER)).isEqualTo("SHOT " + shot);
    assertThat(shot).isNotEmptyFile();
    assertThat(page.ask("QUIT", ANSWER)).isEqualTo("DONE");
    assertThat(page.exitCode(Duration.ofSeconds(30))).as("page driver exit code").isZero();

    LOG.info("browser e2e result: 200 records, every seq once and in offset order in the page; killed {} at {}, "
            + "the page resumed on {} {} ms later (resumed={}); reconnects={}, duplicates dropped by the SDK={}, "
            + "SDK errors={}; screenshot {}; test took {} ms", victimNode, killAt, after.get("node"),
        resumedAt - killAt, after.get("resumed"), after.get("reconnects"), after.get("duplicates"),
        after.get("errors"), shot, System.currentTimeMillis() - startedAt);
  }

  /** Writes records seq in [from, to) straight to Kafka, keys spread over the partitions, and waits for the acks. */
  private static void publish(int from, int to) throws Exception {
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    for (int seq = from; seq < to; seq++) {
      String key = "order-" + (1001 + seq % KEYS);
      // seq is what the page's oracle checks; the rest makes the demo table readable in the screenshot
      String value = "{\"seq\":%d,\"customer\":\"%s\",\"status\":\"%s\",\"items\":%d,\"total\":%d.%02d}".formatted(
          seq, CUSTOMERS[seq % KEYS % CUSTOMERS.length], STATUSES[(seq / KEYS + seq % KEYS) % STATUSES.length], 1 + seq % 4,
          12 + seq % 7 * 9, seq * 7 % 100);
      sent.add(producer.send(new ProducerRecord<>(topic, key, value)));
    }
    producer.flush();
    for (Future<RecordMetadata> f : sent) {
      f.get(30, TimeUnit.SECONDS);
    }
  }

  /** The fields of {@code OK <n> k=v...}; fails with the driver's own reason otherwise. */
  private static Map<String, String> ok(String line, int n) {
    assertThat(line).as("the page's verdict").startsWith("OK " + n + " ");
    Map<String, String> fields = new HashMap<>();
    for (String part : line.split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        fields.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return fields;
  }

  /** {@code npm ci} in client-js/e2e when playwright-core is not installed there yet (bounded). */
  private static void installDriverDependencies() throws IOException {
    if (Files.isRegularFile(e2eDir.resolve("node_modules/playwright-core/package.json"))) {
      return;
    }
    Path log = work.resolve("npm-ci.log");
    ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(e2eDir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    Process npm = pb.start();
    try {
      if (!npm.waitFor(NPM_CI.toMillis(), TimeUnit.MILLISECONDS)) {
        npm.descendants().forEach(ProcessHandle::destroyForcibly);
        npm.destroyForcibly();
        throw new AssertionError("npm ci in " + e2eDir + " took longer than " + NPM_CI + "; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      npm.destroyForcibly();
      throw new IllegalStateException(e);
    }
    assertThat(npm.exitValue()).as("npm ci in %s (see %s)", e2eDir, log).isZero();
  }

  /** The Node driver of the page: commands on its stdin, one answer line each on its stdout. */
  private static final class PageDriver {
    private static final String EOF = "\u0000EOF";
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

    private PageDriver(Process process) {
      this.process = process;
      this.stdin = process.outputWriter(StandardCharsets.UTF_8);
      Thread reader = new Thread(this::read, "page-driver-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    static PageDriver start(Path dir, String url, Path screenshot, Path log) {
      ProcessBuilder pb = new ProcessBuilder("node", "demo.e2e.mjs", url, screenshot.toString(), "300000")
          .directory(dir.toFile()).redirectError(Redirect.appendTo(log.toFile()));
      pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
      try {
        return new PageDriver(pb.start());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run node (Debian: apt-get install nodejs)", e);
      }
    }

    private void read() {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          LOG.info("page driver: {}", line);
          if (!line.startsWith("LOG ")) {
            answers.add(line);
          }
        }
      } catch (IOException e) {
        LOG.warn("page driver output: {}", e.toString());
      } finally {
        answers.add(EOF);
      }
    }

    /** The next answer line, within {@code timeout}. */
    String next(Duration timeout) throws InterruptedException {
      String line = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null || line.equals(EOF)) {
        throw new AssertionError((line == null ? "no answer within " + timeout : "the page driver exited")
            + "; see target/e2e/page-driver.log");
      }
      return line;
    }

    String ask(String command, Duration timeout) throws IOException, InterruptedException {
      LOG.info("page driver <- {}", command);
      stdin.write(command + "\n");
      stdin.flush();
      return next(timeout);
    }

    int exitCode(Duration timeout) throws InterruptedException {
      assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("page driver exited").isTrue();
      return process.exitValue();
    }

    /** End of input makes the driver close the browser and exit; whatever is left after 20 s is killed. */
    void close() {
      List<ProcessHandle> browser = process.descendants().toList(); // Chromium and its helpers
      try {
        stdin.close();
      } catch (IOException ignored) {
        // already exited
      }
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
      browser.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }
  }
}
