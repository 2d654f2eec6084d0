package io.logcast.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.logcast.testkit.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One gateway pod of the test: a release of the chart of its own (ports differ, since the pods share
 * the host's network), rendered with the test's values plus its ports and the member list, and run
 * from the rendered Deployment, ConfigMap and the test's Secret.
 */
final class Replica {
  static final String LOOPBACK = "127.0.0.1";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final String release;
  final String podName;
  final int http;
  final int management;
  final int hazelcast;
  private ChartRender rendered;

  private Replica(int index, int http, int management, int hazelcast) {
    this.release = "imgtest-" + index;
    this.podName = release + "-logcast-pod";
    this.http = http;
    this.management = management;
    this.hazelcast = hazelcast;
  }

  /** {@code n} replicas on free loopback ports. */
  static List<Replica> plan(int n) {
    return java.util.stream.IntStream.range(0, n).mapToObj(i -> new Replica(i, freePort(), freePort(), freePort())).toList();
  }

  String fullname() {
    return release + "-logcast";
  }

  /** Its own values: ports, loopback binds, the broker, the chart's TCP-IP member list (no Kubernetes DNS here). */
  Path values(Path dir, String bootstrap, List<Replica> all) {
    StringBuilder members = new StringBuilder();
    all.forEach(r -> members.append(members.length() == 0 ? "" : ", ").append('"').append(LOOPBACK).append(':')
        .append(r.hazelcast).append('"'));
    String yaml = """
        ports: {http: %d, management: %d}
        service: {port: %d}
        kafka: {bootstrapServers: "%s"}
        hazelcast: {port: %d, members: [%s]}
        extraConfig:
          server: {host: %s}
          management: {host: %s}
        """.formatted(http, management, http, bootstrap, hazelcast, members, LOOPBACK, LOOPBACK);
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(release + "-values.yaml"), yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  ChartRender render(List<Path> valuesFiles) {
    rendered = ChartRender.of(ChartRender.CHART, release, valuesFiles);
    return rendered;
  }

  JsonNode podSpec() {
    return rendered.one("Deployment", fullname()).path("spec").path("template").path("spec");
  }

  /** The gateway's config as rendered into the ConfigMap. */
  JsonNode config() {
    try {
      return ChartRender.YAML.readTree(rendered.one("ConfigMap", fullname()).path("data").path("logcast.yaml").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** podman run's arguments for the rendered gateway container. */
  List<String> runArgs(Map<String, Map<String, String>> secrets, Path workDir) {
    JsonNode config = rendered.one("ConfigMap", fullname()).path("data");
    return PodmanRun.args(podSpec(), "gateway", podName, LOOPBACK, Map.of(fullname(), config), secrets, workDir, List.of());
  }

  /** The port the rendered container names {@code name} (the probes refer to ports by name). */
  int port(String name) {
    for (JsonNode p : podSpec().path("containers").get(0).path("ports")) {
      if (name.equals(p.path("name").asText())) {
        return p.path("containerPort").asInt();
      }
    }
    throw new IllegalStateException("no container port named " + name);
  }

  /** The status of GET {@code path} on the port named {@code portName}, or -1 if nothing answers. */
  int get(String portName, String path, Map<String, String> headers) {
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + port(portName) + path))
          .timeout(Duration.ofSeconds(3));
      headers.forEach(req::header);
      return HTTP.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  String metrics() {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + LOOPBACK + ":" + management + "/metrics"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  String wsUrl() {
    return "ws://" + LOOPBACK + ":" + http + "/ws";
  }

  static int freePort() {
    return FreePort.next();
  }
}
