package io.logcast.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.logcast.gateway.config.AuthConfig;
import io.logcast.gateway.config.ConfigLoader;
import io.logcast.gateway.config.GatewayConfig;
import io.logcast.gateway.config.SessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * compose.yaml, the quickstart without Kubernetes. No image can be pulled here, so what is checked
 * without running it: the gateway's variables load with its own config loader and are documented,
 * the services agree on listeners, ports and topic, and the publisher's script is valid shell.
 */
class ComposeFileTest {
  private static final Path ROOT = HelmChart.DIR.getParent().getParent();

  private static JsonNode compose() throws Exception {
    return HelmChart.YAML.readTree(ROOT.resolve("compose.yaml").toFile());
  }

  private static Map<String, String> env(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    return env;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void kafkaTheGatewayAndTheDemoPublisher() throws Exception {
    JsonNode services = compose().path("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("kafka", "gateway", "demo-publisher");
    // the official image, at the version of the gateway's Kafka clients
    Matcher v = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(v.find()).isTrue();
    assertThat(services.path("kafka").path("image").asText()).isEqualTo("apache/kafka:" + v.group(1));
    assertThat(services.path("demo-publisher").path("image").asText()).as("no extra image").isEqualTo("apache/kafka:" + v.group(1));
    // its shell would be PID 1, which ignores SIGTERM: `compose down` would wait to kill it
    assertThat(services.path("demo-publisher").path("init").asBoolean()).isTrue();
    // the gateway is built from the repository's Dockerfile and tagged like the chart's default image
    JsonNode gw = services.path("gateway");
    assertThat(gw.path("build").path("context").asText()).isEqualTo(".");
    // build arguments are passed through from the shell only when set, and must be the Dockerfile's
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
    assertThat(texts(gw.path("build").path("args"))).isNotEmpty()
        .allSatisfy(arg -> assertThat(dockerfile).contains("ARG " + arg + "="));
    // the target: the Dockerfile's default stage, or its prebuilt one when BUILD_TARGET says so
    Matcher target = Pattern.compile("\\$\\{BUILD_TARGET:-([a-z-]+)}").matcher(gw.path("build").path("target").asText());
    assertThat(target.matches()).as(gw.path("build").path("target").asText()).isTrue();
    List<String> stages = Pattern.compile("(?m)^FROM \\S+ AS (\\S+)$").matcher(dockerfile).results().map(m -> m.group(1)).toList();
    assertThat(stages).contains("prebuilt").last().isEqualTo(target.group(1));
    String appVersion = HelmChart.YAML.readTree(HelmChart.DIR.resolve("Chart.yaml").toFile()).path("appVersion").asText();
    String repository = HelmChart.YAML.readTree(HelmChart.DIR.resolve("values.yaml").toFile()).path("image").path("repository").asText();
    assertThat(gw.path("image").asText()).isEqualTo(repository + ":" + appVersion);
    assertThat(texts(gw.path("command"))).containsExactly("serve");
  }

  @Test
  void theGatewaysVariablesLoadAndAreDocumented() throws Exception {
    JsonNode services = compose().path("services");
    Map<String, String> env = env(services.path("gateway"));
    // the gateway's own loader: unknown variables, bad values and missing required settings all fail
    GatewayConfig cfg = ConfigLoader.load(null, env);
    assertThat(cfg.auth().mode()).isEqualTo(AuthConfig.Mode.NONE);
    assertThat(cfg.session().store()).isEqualTo(SessionConfig.Store.MEMORY);
    String reference = Files.readString(ROOT.resolve("docs/configuration.md"));
    assertThat(env.keySet()).allSatisfy(name -> assertThat(reference).contains("`" + name + "`"));

    // the broker's listener for containers is the one the gateway and the publisher use
    Map<String, String> kafka = env(services.path("kafka"));
    String internal = kafka.get("KAFKA_INTER_BROKER_LISTENER_NAME");
    assertThat(kafka.get("KAFKA_ADVERTISED_LISTENERS")).contains(internal + "://" + cfg.kafka().bootstrapServers());
    String script = texts(services.path("demo-publisher").path("command")).get(0);
    assertThat(script).contains("--bootstrap-server " + cfg.kafka().bootstrapServers());
    // every listener has a protocol, the controller's included
    for (String listener : kafka.get("KAFKA_LISTENERS").split(",")) {
      assertThat(kafka.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP")).contains(listener.substring(0, listener.indexOf(':')) + ":");
    }
    assertThat(kafka.get("KAFKA_LISTENERS")).contains("CONTROLLER://:" + kafka.get("KAFKA_CONTROLLER_QUORUM_VOTERS").split(":")[1]);

    // the demo topic is allowed, and the drain ends before compose kills the container
    Matcher topic = Pattern.compile("--topic (\\S+)").matcher(script);
    assertThat(topic.find()).isTrue();
    assertThat(topic.group(1)).isEqualTo("demo.orders");
    assertThat(cfg.topicsAllow()).anyMatch(p -> topic.group(1).matches(p.replace(".", "\\.").replace("*", ".*")));
    String stop = services.path("gateway").path("stop_grace_period").asText();
    assertThat(Long.parseLong(stop.replace("s", "")) * 1000).isGreaterThan(cfg.drain().graceMs());
  }

  @Test
  void portsAreTheGatewaysAndOnLoopbackOnly() throws Exception {
    JsonNode services = compose().path("services");
    GatewayConfig cfg = ConfigLoader.load(null, env(services.path("gateway")));
    assertThat(texts(services.path("gateway").path("ports")))
        .containsExactly("127.0.0.1:" + cfg.server().port() + ":" + cfg.server().port(),
            "127.0.0.1:" + cfg.server().managementPort() + ":" + cfg.server().managementPort());
    assertThat(texts(services.path("kafka").path("ports"))).containsExactly("127.0.0.1:9092:9092");
    assertThat(env(services.path("kafka")).get("KAFKA_ADVERTISED_LISTENERS")).contains("://localhost:9092");
  }

  /** Compose replaces $name itself: the script's own variables must be written $$. */
  @Test
  void thePublishersScriptIsValidShellWithItsDollarsEscaped() throws Exception {
    String script = texts(compose().path("services").path("demo-publisher").path("command")).get(0);
    assertThat(Pattern.compile("(?<!\\$)\\$(?!\\$)").matcher(script.replace("$$", "")).find()).as("a single $").isFalse();
    Path file = Files.createTempFile("demo-publisher", ".sh");
    try {
      Files.writeString(file, script.replace("$$", "$"));
      Process p = new ProcessBuilder("sh", "-n", file.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(out).isZero();
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void theReadmeAndTheOperationsGuideDocumentIt() throws Exception {
    for (String doc : List.of("README.md", "docs/operations.md")) {
      assertThat(Files.readString(ROOT.resolve(doc))).as(doc).contains("docker compose up --build").contains("compose.yaml");
    }
  }
}
