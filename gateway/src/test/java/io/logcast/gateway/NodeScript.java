package io.logcast.gateway;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Node script of client-js/e2e driving headless Debian Chromium through playwright-core: commands
 * on its stdin, one answer line each on its stdout ("LOG ..." lines are only logged). Every wait is
 * bounded; closing ends its input, then kills what is left of it and its browser after 20 s.
 */
public final class NodeScript implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeScript.class);
  public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Duration NPM_CI = Duration.ofMinutes(5);
  private static final String EOF = "\u0000EOF";

  private final Process process;
  private final Writer stdin;
  private final Path log;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

  private NodeScript(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.stdin = process.outputWriter(StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "node-script-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /** Runs {@code node <args>} in {@code dir} (after {@code npm ci} there if needed); stderr goes to {@code log}. */
  public static NodeScript start(Path dir, Path log, String... args) throws InterruptedException {
    installDependencies(dir, log);
    assertThat(Files.isExecutable(CHROMIUM)).as("%s (Debian: apt-get install chromium)", CHROMIUM).isTrue();
    List<String> cmd = new ArrayList<>(List.of("node"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectError(Redirect.appendTo(log.toFile()));
    pb.environment().put("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
    try {
      return new NodeScript(pb.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run node (Debian: apt-get install nodejs)", e);
    }
  }

  /** {@code npm ci} in {@code dir} when playwright-core is not installed there yet (bounded). */
  private static void installDependencies(Path dir, Path log) throws InterruptedException {
    if (Files.isRegularFile(dir.resolve("node_modules/playwright-core/package.json"))) {
      return;
    }
    ProcessBuilder pb = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund").directory(dir.toFile())
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
      throw new AssertionError("npm ci in " + dir + " took longer than " + NPM_CI + "; see " + log);
    }
    assertThat(npm.exitValue()).as("npm ci in %s (see %s)", dir, log).isZero();
  }

  /** Sends one command line and returns the answer line. */
  public String ask(String line, Duration timeout) throws InterruptedException {
    return ask(line, line, timeout);
  }

  /** The same, logging {@code shown} instead of the line (which may hold a secret). */
  public String ask(String line, String shown, Duration timeout) throws InterruptedException {
    LOG.info("node script <- {}", shown);
    try {
      stdin.write(line + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError("the node script no longer reads its input; see " + log, e);
    }
    return next(timeout);
  }

  /** The next answer line, within {@code timeout}. */
  public String next(Duration timeout) throws InterruptedException {
    String line = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (line == null || line.equals(EOF)) {
      throw new AssertionError((line == null ? "no answer within " + timeout : "the node script exited")
          + "; see " + log);
    }
    return line;
  }

  public int exitCode(Duration timeout) throws InterruptedException {
    assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("node script exited").isTrue();
    return process.exitValue();
  }

  private void read() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        LOG.info("node script: {}", line);
        if (!line.startsWith("LOG ")) {
          answers.add(line);
        }
      }
    } catch (IOException e) {
      LOG.warn("node script output: {}", e.toString());
    } finally {
      answers.add(EOF);
    }
  }

  @Override
  public void close() {
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
