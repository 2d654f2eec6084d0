package io.logcast.load.target;

import io.logcast.load.measure.ServerProbe;
import io.logcast.load.publish.Keys;
import io.logcast.load.publish.Publisher;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * A peer system in its own process (and its children, e.g. nginx workers), started here from a
 * command line and stopped on close; CPU and RSS are read for the whole process tree.
 */
final class PeerTarget implements Target {
  private static final long READY_MILLIS = 30_000;

  private final String name;
  private final String publishPath;
  private final Protocol protocol;
  /** A publisher over channels: message seq to channel seq % n. */
  private final Function<List<String>, Publisher> publishers;
  private final Process process;
  private final ServerProbe probe;
  private java.util.function.Consumer<String> prepare = topic -> { };

  private PeerTarget(String name, String publishPath, Protocol protocol, Function<List<String>, Publisher> publishers,
      Process process, boolean jvm) {
    this.name = name;
    this.publishPath = publishPath;
    this.protocol = protocol;
    this.publishers = publishers;
    this.process = process;
    List<Long> pids = new ArrayList<>();
    pids.add(process.pid());
    process.descendants().forEach(p -> pids.add(p.pid()));
    this.probe = new ServerProbe(pids, jvm, null);
  }

  /** Starts {@code command} (output to {@code log}) and waits until {@code readyPort} accepts connections. */
  static PeerTarget launch(String name, String publishPath, List<String> command, Path dir, Path log, int readyPort,
      boolean jvm, Protocol protocol, Function<List<String>, Publisher> publishers) throws IOException {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile())).start();
    long deadline = System.currentTimeMillis() + READY_MILLIS;
    while (!accepts(readyPort)) {
      if (!p.isAlive() || System.currentTimeMillis() > deadline) {
        p.destroyForcibly();
        throw new IllegalStateException(name + " did not start listening on " + readyPort + "; see " + log);
      }
      sleep(100);
    }
    sleep(300); // let nginx fork its workers before the probe lists them
    return new PeerTarget(name, publishPath, protocol, publishers, p, jvm);
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 300);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String publishPath() {
    return publishPath;
  }

  @Override
  public Protocol protocol() {
    return protocol;
  }

  /** Runs {@code prepare} on every new topic (e.g. creates its stream) before clients subscribe. */
  PeerTarget preparing(java.util.function.Consumer<String> prepare) {
    this.prepare = prepare;
    return this;
  }

  @Override
  public String prepareTopic(String prefix) {
    String topic = prefix + "_" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    prepare.accept(topic);
    return topic;
  }

  /** A channel has no partitions: each key is a channel of its own ({@link Protocol#channel}). */
  @Override
  public String prepareTopic(String prefix, int partitions) {
    return prepareTopic(prefix);
  }

  @Override
  public Publisher publisher(String topic) {
    return publishers.apply(List.of(topic));
  }

  @Override
  public Publisher publisher(List<String> topics) {
    return publishers.apply(topics);
  }

  /** Keyed: message seq to the channel of its key, {@code Keys.of(seq, keys)}. */
  @Override
  public Publisher publisher(String topic, int keys) {
    return keys == 0 ? publisher(topic)
        : publishers.apply(IntStream.range(0, keys).mapToObj(k -> protocol.channel(topic, Keys.name(k))).toList());
  }

  @Override
  public ServerProbe probe() {
    return probe;
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
