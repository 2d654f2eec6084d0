package io.logcast.load.scenario;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Generator child processes ({@link HoldCommand}) for sessions beyond one process's open-file limit:
 * each gets its own source addresses (127.1.{n}.x) and holds its sessions until closed.
 */
final class GeneratorProcesses implements AutoCloseable {
  /** What one child reported once its sessions were open. */
  record Ready(int ok, int failed, long millis) {}

  private final List<Process> children = new ArrayList<>();
  private final List<BufferedReader> outputs = new ArrayList<>();
  private final List<Writer> inputs = new ArrayList<>();

  /** Starts one child per share with the common {@code args} plus its own --process and --sessions. */
  void start(List<Integer> shares, List<String> args, Path logDir) throws IOException {
    for (int i = 0; i < shares.size(); i++) {
      List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-Xmx1g", "-XX:+UseParallelGC", "-XX:ActiveProcessorCount=1", "-cp", classPath(),
          io.logcast.load.LoadMain.class.getName(), "hold", "--process", Integer.toString(i + 1),
          "--sessions", Integer.toString(shares.get(i))));
      cmd.addAll(args);
      Process p = new ProcessBuilder(cmd).redirectError(Redirect.appendTo(logDir.resolve("generator-" + (i + 1) + ".log")
          .toFile())).start();
      children.add(p);
      outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
      inputs.add(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
    }
  }

  /** Blocks until every child reported READY (or died: then its whole share counts as failed). */
  List<Ready> awaitReady(List<Integer> shares) throws IOException {
    List<Ready> out = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      String line = readLine(i, "READY ");
      if (line == null) {
        out.add(new Ready(0, shares.get(i), 0));
        continue;
      }
      String[] f = line.split(" ");
      out.add(new Ready(Integer.parseInt(f[1]), Integer.parseInt(f[2]), Long.parseLong(f[3])));
    }
    return out;
  }

  /** Clients closed so far (by the server or network), summed over the children. */
  int closed() throws IOException {
    int closed = 0;
    for (int i = 0; i < children.size(); i++) {
      inputs.get(i).write("status\n");
      inputs.get(i).flush();
      String line = readLine(i, "STATUS ");
      closed += line == null ? 0 : Integer.parseInt(line.split(" ")[2]);
    }
    return closed;
  }

  private String readLine(int i, String prefix) throws IOException {
    for (String line = outputs.get(i).readLine(); line != null; line = outputs.get(i).readLine()) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    return null;
  }

  private static String classPath() {
    return String.join(File.pathSeparator, System.getProperty("java.class.path").split(File.pathSeparator));
  }

  @Override
  public void close() {
    for (int i = 0; i < children.size(); i++) {
      try {
        inputs.get(i).close(); // end of input: the child closes its sessions and exits
      } catch (IOException ignored) {
        // already gone
      }
    }
    for (Process p : children) {
      try {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        p.destroyForcibly();
      }
    }
  }
}
