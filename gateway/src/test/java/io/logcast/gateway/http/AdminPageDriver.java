package io.logcast.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.logcast.gateway.NodeScript;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;

/**
 * client-js/e2e/admin.e2e.mjs (headless Debian Chromium through playwright-core): JSON commands on
 * its stdin, one answer line each on its stdout. Every wait is bounded.
 */
final class AdminPageDriver implements AutoCloseable {
  private static final Duration ANSWER = Duration.ofSeconds(60);

  private final NodeScript script;

  private AdminPageDriver(NodeScript script) {
    this.script = script;
  }

  /** Opens {@code url}; fails unless the page loaded. */
  static AdminPageDriver open(Path e2eDir, String url, Path log) throws InterruptedException {
    AdminPageDriver d = new AdminPageDriver(NodeScript.start(e2eDir, log, "admin.e2e.mjs", url, "240000"));
    assertThat(d.script.next(ANSWER)).as("the page loaded").isEqualTo("READY");
    return d;
  }

  /** Waits until the text of {@code selector} matches {@code regex}; returns that text. */
  String waitFor(String selector, String regex, Duration timeout) throws InterruptedException {
    String answer = ask(new JsonObject().put("op", "wait").put("sel", selector).put("match", regex)
        .put("timeout", timeout.toMillis()));
    assertThat(answer).as("page: %s =~ /%s/", selector, regex).startsWith("OK ");
    return answer.substring(3);
  }

  void fill(String selector, String value) throws InterruptedException {
    assertThat(ask(new JsonObject().put("op", "fill").put("sel", selector).put("value", value))).isEqualTo("OK");
  }

  void click(String selector) throws InterruptedException {
    assertThat(ask(new JsonObject().put("op", "click").put("sel", selector))).isEqualTo("OK");
  }

  void screenshot(Path path) throws InterruptedException {
    assertThat(ask(new JsonObject().put("op", "shot").put("path", path.toString()))).isEqualTo("SHOT " + path);
  }

  private String ask(JsonObject command) throws InterruptedException {
    // the command line never holds the admin key: fill's value is the only secret, and it is not logged
    return script.ask(command.encode(), command.getString("op") + " " + command.getString("sel", ""), ANSWER);
  }

  @Override
  public void close() {
    script.close();
  }
}
