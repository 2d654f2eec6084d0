package io.logcast.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * client-js/e2e/admin.e2e.mjs (headless Debian Chromium through playwright-core): JSON commands on
 * its stdin, one answer line each on its stdout. Every wait is bounded.
 */
final class AdminPageDriver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminPageDriver.class);
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration ANSWER = Duration.ofSeconds(60);
  private static final Duration NPM_CI = Duration.ofMinutes(5);
  private static final String EOF = "\u0000EOF";

  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

  private AdminPageDriver(Process process) {
    this.process = process;
    this.stdin = process.outputWriter(StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "admin-page-driver-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Opens {@code url}; fails unless the page loaded. */
  static AdminPageDriver open(Path e2eDir, String url, Path log) throws InterruptedException {
    installDriverDependencies(e2eDir, log);
    assertThat(Files.isExecutable(CHROMIUM)).as("%s (Debian: apt-get install chromium)", CHROMIUM).isTrue();
    ProcessBuilder pb = new ProcessBuilder("node", "admin.e2e.mjs", url, "240000").directory(e2eDir.toFile())
        .redirectError(Redirect.appendTo(log.toFile()));
    pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    AdminPageDriver d;
    try {
      d = new AdminPageDriver(pb.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run node (Debian: apt-get install nodejs)", e);
    }
    assertThat(d.next()).as("the page loaded").isEqualTo("READY");
    return d;
  }

  /** {@code npm ci} in client-js/e2e when playwright-core is not installed there yet (bounded, like BrowserE2EIT). */
  private static void installDriverDependencies(Path e2eDir, Path log) throws InterruptedException {
    if (Files.isRegularFile(e2eDir.resolve("node_modules/playwright-core/package.json"))) {
      return;
    }
    ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(e2eDir.toFile())
        .redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()));
    pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    Process npm;
    try {
      npm = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run npm (Debian: apt-get install npm)", e);
    }
    if (!npm.waitFor(NPM_CI.toMillis(), TimeUnit.MILLISECONDS)) {
      npm.descendants().forEach(ProcessHandle::destroyForcibly);
      npm.destroyForcibly();
      throw new AssertionError("npm ci in " + e2eDir + " took longer than " + NPM_CI + "; see " + log);
    }
    assertThat(npm.exitValue()).as("npm ci in %s (see %s)", e2eDir, log).isZero();
  }

  /** Waits until the text of {@code selector} matches {@code regex}; returns that text. */
  String waitFor(String selector, String regex, Duration timeout) throws IOException, InterruptedException {
    String answer = ask(new JsonObject().put("op", "wait").put("sel", selector).put("match", regex)
        .put("timeout", timeout.toMillis()));
    assertThat(answer).as("page: %s =~ /%s/", selector, regex).startsWith("OK ");
    return answer.substring(3);
  }

  void fill(String selector, String value) throws IOException, InterruptedException {
    assertThat(ask(new JsonObject().put("op", "fill").put("sel", selector).put("value", value))).isEqualTo("OK");
  }

  void click(String selector) throws IOException, InterruptedException {
    assertThat(ask(new JsonObject().put("op", "click").put("sel", selector))).isEqualTo("OK");
  }

  void screenshot(Path path) throws IOException, InterruptedException {
    assertThat(ask(new JsonObject().put("op", "shot").put("path", path.toString()))).isEqualTo("SHOT " + path);
  }

  private String ask(JsonObject command) throws IOException, InterruptedException {
    // the command line never holds the admin key: fill's value is the only secret, and it is not logged
    LOG.info("page driver <- {}", command.getString("op") + " " + command.getString("sel", ""));
    stdin.write(command.encode() + "\n");
    stdin.flush();
    return next();
  }

  private String next() throws InterruptedException {
    String line = answers.poll(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null || line.equals(EOF)) {
      throw new AssertionError((line == null ? "no answer within " + ANSWER : "the page driver exited")
          + "; see target/e2e/admin-page-driver.log");
    }
    return line;
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

  /** End of input makes the driver close the browser and exit; whatever is left after 20 s is killed. */
  @Override
  public void close() {
    List<ProcessHandle> browser = process.descendants().toList();
    try {
      stdin.close();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (IOException ignored) {
      // already exited
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    browser.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }
}
