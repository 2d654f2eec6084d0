package io.logcast.load.scenario;

import io.logcast.load.client.ClientFleet;
import io.logcast.load.measure.Latencies;
import io.logcast.load.target.LogcastProtocol;
import io.logcast.load.target.Peers;
import io.logcast.load.target.Protocol;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A generator child process of {@code connections}: opens its share of idle subscribed sessions
 * (one process may hold at most ~20,000 open files), prints {@code READY <ok> <failed> <millis>},
 * answers {@code status} with {@code STATUS <clients> <closed>}, and closes everything at end of input.
 */
@Command(name = "hold", hidden = true, description = "Internal: a generator process of the connections scenario.")
public final class HoldCommand implements Callable<Integer> {
  @Option(names = "--target", required = true)
  String target;

  @Option(names = "--ws-url", description = "Logcast's ws:// URL")
  String wsUrl;

  @Option(names = "--peer-port", defaultValue = "18300")
  int peerPort;

  @Option(names = "--topic", required = true)
  String topic;

  @Option(names = "--sessions", required = true)
  int sessions;

  @Option(names = "--connect-rate", required = true)
  double connectRate;

  @Option(names = "--process", required = true, description = "this process's number: its source addresses are 127.1.<n>.x")
  int process;

  @Option(names = "--source-addresses", defaultValue = "1")
  int sourceAddresses;

  @Option(names = "--event-loops", defaultValue = "1")
  int eventLoops;

  static Protocol protocol(String target, String wsUrl, int peerPort) {
    return "logcast".equals(target) ? new LogcastProtocol(wsUrl) : Peers.protocol(target, peerPort);
  }

  @Override
  public Integer call() throws Exception {
    try (ClientFleet fleet = new ClientFleet(eventLoops, sourceAddresses, process)) {
      long t0 = System.nanoTime();
      int ok = fleet.connect(protocol(target, wsUrl, peerPort), topic, sessions, 0, connectRate, new Latencies(),
          Duration.ofSeconds(60).plusMillis((long) (sessions / connectRate * 1000)));
      System.out.println("READY " + ok + " " + fleet.failed() + " " + (System.nanoTime() - t0) / 1_000_000);
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.equals("status")) {
          System.out.println("STATUS " + fleet.size() + " " + fleet.closed());
          System.out.flush();
        }
      }
    }
    return 0;
  }
}
