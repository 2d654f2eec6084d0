package io.logcast.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Logging flags for the broker's child JVM. The child shares the parent's classpath, so it has
 * whichever slf4j binding the parent has (none, logback, slf4j-simple...). Its stdout/stderr
 * already go to broker.log, so each binding is told to log WARN+ to the console, overriding any
 * logback.xml / logback-test.xml on the classpath that was meant for the parent.
 */
final class ChildLogging {
  static final String LOGBACK_FILE = "logback-broker.xml";
  /** Overrides the child's log level, e.g. -Dlogcast.testkit.brokerLogLevel=INFO to debug a start. */
  static final String LEVEL_PROPERTY = "logcast.testkit.brokerLogLevel";
  /**
   * -Dlogcast.testkit.brokerRequestLog=true: broker.log gets one line per completed request with
   * its time split (queue, local, remote, response queue, send): where a Kafka hop's time goes.
   */
  static final String REQUEST_LOG_PROPERTY = "logcast.testkit.brokerRequestLog";

  private ChildLogging() {
  }

  static List<String> jvmFlags(Path dataDir) {
    String level = System.getProperty(LEVEL_PROPERTY, "WARN");
    List<String> flags = new ArrayList<>();
    if (isPresent("ch.qos.logback.classic.LoggerContext")) {
      flags.add("-Dlogback.configurationFile=" + writeLogbackConfig(dataDir, level));
    }
    flags.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + level.toLowerCase());
    // Kafka 4 brings log4j-api, and the Vert.x BOM demotes log4j-core to test scope: without a
    // named factory log4j-api prints an ERROR about the missing core; this also bypasses a core
    // (and its config) that a test classpath may have.
    flags.add("-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
    flags.add("-Dorg.apache.logging.log4j.simplelog.level=" + level);
    return flags;
  }

  private static Path writeLogbackConfig(Path dataDir, String level) {
    Path file = dataDir.resolve(LOGBACK_FILE);
    try {
      Files.writeString(file, logbackXml(level, Boolean.getBoolean(REQUEST_LOG_PROPERTY)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file.toAbsolutePath();
  }

  /** {@code requestLog}: the broker logs every request it completes with its time split (benchmarks). */
  static String logbackXml(String level, boolean requestLog) {
    return """
        <configuration>
          <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
            <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
          </appender>
          <!-- one line saying the broker started (or why not) is worth having at any level -->
          <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
          <logger name="kafka.request.logger" level="REQUEST_LEVEL"/>
          <root level="ROOT_LEVEL"><appender-ref ref="OUT"/></root>
        </configuration>
        """.replace("ROOT_LEVEL", level).replace("REQUEST_LEVEL", requestLog ? "DEBUG" : level);
  }

  private static boolean isPresent(String className) {
    try {
      Class.forName(className, false, ChildLogging.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
