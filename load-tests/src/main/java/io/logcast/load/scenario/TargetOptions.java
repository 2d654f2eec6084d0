package io.logcast.load.scenario;

import io.logcast.load.target.LogcastTarget;
import io.logcast.load.target.Peers;
import io.logcast.load.target.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** What to load and where the generator's own clients come from; shared by every scenario. */
public final class TargetOptions {
  @Option(names = "--target", defaultValue = "logcast",
      description = "logcast (default), nats, nchan, socketio, vertx-raw")
  String target;

  @Option(names = "--url", description = "a running Logcast gateway's ws:// URL (default: launch broker + gateway here)")
  String url;

  @Option(names = "--bootstrap", description = "Kafka bootstrap servers of the gateway given by --url")
  String bootstrap;

  @Option(names = "--http-url", description = "HTTP base URL of the gateway given by --url (default: from --url)")
  String httpUrl;

  @Option(names = "--metrics-url", description = "Prometheus /metrics of the gateway given by --url")
  String metricsUrl;

  @Option(names = "--server-pid", defaultValue = "0", description = "process id of the server given by --url (CPU, RSS, heap)")
  long serverPid;

  @Option(names = "--publish-via", defaultValue = "KAFKA", description = "Logcast publish path: KAFKA or HTTP (default: ${DEFAULT-VALUE})")
  LogcastTarget.Via via;

  @Option(names = "--port", defaultValue = "18080", description = "server port when launched here (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--management-port", defaultValue = "18090", description = "(default: ${DEFAULT-VALUE})")
  int managementPort;

  @Option(names = "--kafka-port", defaultValue = "18092", description = "(default: ${DEFAULT-VALUE})")
  int kafkaPort;

  @Option(names = "--broker-warmup", defaultValue = "45",
      description = "seconds of records through a broker launched here before the gateway starts, so that the "
          + "broker is as warm as a production one; 0 for a cold broker (default: ${DEFAULT-VALUE})")
  int brokerWarmupSeconds;

  @Option(names = "--gateway-env", description = "extra LOGCAST_*=value for a gateway launched here (repeatable)")
  Map<String, String> gatewayEnv = new LinkedHashMap<>();

  @Option(names = "--event-loops", defaultValue = "2", description = "the generator's event loops (default: ${DEFAULT-VALUE})")
  int eventLoops;

  @Option(names = "--source-addresses", defaultValue = "1",
      description = "spread client connections over this many 127.1.0.x source addresses (default: ${DEFAULT-VALUE})")
  int sourceAddresses;

  @Option(names = "--connect-rate", defaultValue = "500", description = "connections opened per second (default: ${DEFAULT-VALUE})")
  double connectRate;

  @Option(names = "--out", description = "report directory (default: load-tests/target/reports/<scenario>-<time>)")
  Path out;

  @Option(names = "--peer-port", defaultValue = "18300", description = "first port of a peer launched here (default: ${DEFAULT-VALUE})")
  int peerPort;

  @Option(names = "--heartbeat-seconds", defaultValue = "0",
      description = "server → client keepalive of every system launched here, in seconds (Logcast limits.heartbeatMs, "
          + "NATS ping_interval, Nchan nchan_websocket_ping_interval, Socket.IO pingInterval, raw Vert.x pings); "
          + "0: each system's own default (Logcast 25 s, NATS 2 min, Nchan none, Socket.IO 25 s, raw Vert.x none) "
          + "(default: ${DEFAULT-VALUE})")
  int heartbeatSeconds;

  Target open(Path workDir) throws IOException {
    return open(target, workDir);
  }

  /** Starts {@code name} (not {@link #target}): for scenarios that load several systems in turn. */
  Target open(String name, Path workDir) throws IOException {
    if (!"logcast".equals(name)) {
      return Peers.start(name, peerPort, workDir.toAbsolutePath(), Path.of("").toAbsolutePath(), heartbeatSeconds);
    }
    Map<String, String> env = new LinkedHashMap<>(gatewayEnv);
    if (heartbeatSeconds > 0) {
      env.putIfAbsent("LOGCAST_LIMITS_HEARTBEAT_MS", Long.toString(heartbeatSeconds * 1000L));
    }
    return LogcastTarget.start(new LogcastTarget.Options(url, bootstrap, httpUrl, metricsUrl, serverPid, via, port,
        managementPort, kafkaPort, env, workDir, Duration.ofSeconds(brokerWarmupSeconds)));
  }

  Path reportDir(String scenario) {
    return out != null ? out : Path.of("load-tests", "target", "reports",
        scenario + "-" + target + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }
}
